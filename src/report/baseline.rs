//! Only what is new: a previous run's flags as a baseline, and suppressions
//! that each carry a reason.
//!
//! A flag's id is stable (a hash of its kind and the statements on each
//! side), so a run compared with the one before tells which flags are new,
//! which are unchanged, and which are gone. `check --baseline FILE` reads
//! the previous run's JSON, JSONL or SARIF output; `--suppress FILE` reads a
//! TOML list of flag ids, each with the reason a person gave for setting it
//! aside. SARIF output keeps every flag and marks it as code-scanning tools
//! expect (`baselineState`: `new`, `unchanged`, `absent`; `suppressions`
//! with the justification); the other formats show only new flags that are
//! not suppressed.

use anyhow::{bail, Context, Result};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde_json::Value;
use std::path::Path;

/// A previous run's flags.
#[derive(Debug, Default, Clone)]
pub struct Baseline {
    pub ids: HashSet<String>,
    /// The previous run's SARIF results, by flag id, to report those gone as
    /// `absent` (empty for a JSON baseline, which keeps no result objects).
    pub results: Vec<(String, Value)>,
}

/// The flag id a SARIF result carries.
fn sarif_id(result: &Value) -> Option<String> {
    result["partialFingerprints"]["crosscheckFlagId/v1"]
        .as_str()
        .or_else(|| result["properties"]["id"].as_str())
        .map(str::to_string)
}

impl Baseline {
    /// Read a previous `check` output: SARIF, JSON (`--format json`) or
    /// JSONL (`--format jsonl`).
    pub fn read(path: &Path) -> Result<Baseline> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read the baseline", path.display()))?;
        let mut b = Baseline::default();
        match serde_json::from_str::<Value>(&text) {
            Ok(v) if v.get("runs").is_some() => {
                for run in v["runs"].as_array().into_iter().flatten() {
                    for r in run["results"].as_array().into_iter().flatten() {
                        if let Some(id) = sarif_id(r) {
                            b.ids.insert(id.clone());
                            b.results.push((id, r.clone()));
                        }
                    }
                }
            }
            Ok(v) if v.get("flags").is_some() => {
                for f in v["flags"].as_array().into_iter().flatten() {
                    if let Some(id) = f["id"].as_str() {
                        b.ids.insert(id.to_string());
                    }
                }
            }
            _ => {
                for (n, line) in text.lines().enumerate() {
                    if line.trim().is_empty() {
                        continue;
                    }
                    let v: Value = serde_json::from_str(line).map_err(|e| {
                        anyhow::anyhow!(
                            "{}:{}: not a crosscheck SARIF, JSON or JSONL output ({e})",
                            path.display(),
                            n + 1
                        )
                    })?;
                    match v["id"].as_str() {
                        Some(id) => {
                            b.ids.insert(id.to_string());
                        }
                        None => bail!("{}:{}: a flag without an id", path.display(), n + 1),
                    }
                }
            }
        }
        Ok(b)
    }
}

/// Flags set aside by a person, each with the reason.
#[derive(Debug, Default, Clone)]
pub struct Suppressions {
    pub reasons: HashMap<String, String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SuppressionFile {
    #[serde(default)]
    suppress: Vec<SuppressionEntry>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SuppressionEntry {
    id: String,
    reason: String,
}

impl Suppressions {
    /// Read `[[suppress]]` entries (`id`, `reason`, both required) from TOML.
    pub fn read(path: &Path) -> Result<Suppressions> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read the suppressions", path.display()))?;
        let file: SuppressionFile = toml::from_str(&text).map_err(|e| {
            let line = e.span().map_or(1, |s| {
                text[..s.start.min(text.len())].matches('\n').count() + 1
            });
            anyhow::anyhow!("{}:{line}: {}", path.display(), e.message())
        })?;
        let mut reasons = HashMap::default();
        for s in file.suppress {
            if s.reason.trim().is_empty() {
                bail!(
                    "{}: suppression of {} gives no reason",
                    path.display(),
                    s.id
                );
            }
            reasons.insert(s.id, s.reason);
        }
        Ok(Suppressions { reasons })
    }
}

/// What a run is compared against, for the renderers.
#[derive(Debug, Default, Clone)]
pub struct Against {
    pub baseline: Option<Baseline>,
    pub suppressions: Suppressions,
}

impl Against {
    /// `new`, `unchanged`, or `None` without a baseline.
    pub fn state(&self, id: &str) -> Option<&'static str> {
        self.baseline.as_ref().map(|b| {
            if b.ids.contains(id) {
                "unchanged"
            } else {
                "new"
            }
        })
    }

    /// Whether a flag is shown by the formats that show only what is new.
    pub fn shown(&self, id: &str) -> bool {
        self.state(id) != Some("unchanged") && !self.suppressions.reasons.contains_key(id)
    }

    /// The baseline's results no longer found, as SARIF results marked
    /// `absent`.
    pub fn absent(&self, current: &HashSet<&str>) -> Vec<Value> {
        let Some(b) = &self.baseline else {
            return Vec::new();
        };
        b.results
            .iter()
            .filter(|(id, _)| !current.contains(id.as_str()))
            .map(|(_, r)| {
                let mut r = r.clone();
                r["baselineState"] = Value::from("absent");
                r
            })
            .collect()
    }
}
