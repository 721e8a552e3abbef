//! The publishing and CI formats — SARIF, JUnit XML, ClaimReview JSON-LD and
//! the HTML report — checked for the structure their consumers require, and
//! for escaping: a hostile article must not be able to forge markup or hide
//! text in any of them. The HTML report is also opened in a real browser
//! (ignored by default; `.ci/run` installs Chromium and runs it).

use crate::common::{root, rules, run, seeds_dir};
use crosscheck::report::{defang, render, Format, View};
use crosscheck::Report;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn fixture() -> Report {
    let report = run(&[&root().join("fixtures/ar-expected-vs-signed")]);
    assert!(!report.flags.is_empty(), "the fixture flags");
    report
}

/// An article that tries to break out of every format: markup in the quote
/// and the outlet, a `javascript:` URL, a bidi override and a control
/// character. It still yields an outcome-differs flag.
fn hostile() -> Report {
    let report = crosscheck::check_texts(
        rules(),
        &[
            (
                "a.md",
                "---\noutlet: \"<b>Evil</b> & Co\"\npublished: 2024-10-15\nurl: javascript:alert(1)\n---\n\
                 The leaders of Brazil and Argentina are expected to sign a trade agreement in Rio de Janeiro \
                 <script>alert('x')</script> \u{202E} & \u{1} \"quoted\".\n",
            ),
            (
                "b.md",
                "---\npublished: 2025-01-20\n---\nThe presidents of Brazil and Argentina signed a trade \
                 agreement in Buenos Aires on 17 January 2025.\n",
            ),
        ],
    );
    assert_eq!(report.flags.len(), 1, "the hostile corpus still flags");
    assert!(report.flags[0].sides[0].quote.contains("<script>"));
    report
}

fn check(report: &Report, format: Format) -> String {
    render(report, format, View::Check, false)
}

// ---------------------------------------------------------------- SARIF

/// The properties SARIF 2.1.0 allows on each object we emit (the schema sets
/// `additionalProperties: false` on all of them), so a misspelt key fails
/// here as it would fail schema validation.
#[rustfmt::skip]
const SARIF_KEYS: &[(&str, &[&str])] = &[
    (
        "sarifLog",
        &[
            "$schema",
            "version",
            "runs",
            "inlineExternalProperties",
            "properties",
        ],
    ),
    (
        "run",
        &[
            "tool",
            "invocations",
            "conversion",
            "language",
            "versionControlProvenance",
            "originalUriBaseIds",
            "artifacts",
            "logicalLocations",
            "graphs",
            "results",
            "automationDetails",
            "runAggregates",
            "baselineGuid",
            "redactionTokens",
            "defaultEncoding",
            "defaultSourceLanguage",
            "newlineSequences",
            "columnKind",
            "externalPropertyFileReferences",
            "threadFlowLocations",
            "taxonomies",
            "addresses",
            "translations",
            "policies",
            "webRequests",
            "webResponses",
            "specialLocations",
            "properties",
        ],
    ),
    ("tool", &["driver", "extensions", "properties"]),
    (
        "toolComponent",
        &[
            "guid",
            "name",
            "organization",
            "product",
            "productSuite",
            "shortDescription",
            "fullDescription",
            "fullName",
            "version",
            "semanticVersion",
            "dottedQuadFileVersion",
            "releaseDateUtc",
            "downloadUri",
            "informationUri",
            "globalMessageStrings",
            "notifications",
            "rules",
            "taxa",
            "locations",
            "language",
            "contents",
            "isComprehensive",
            "localizedDataSemanticVersion",
            "minimumRequiredLocalizedDataSemanticVersion",
            "associatedComponent",
            "translationMetadata",
            "supportedTaxonomies",
            "properties",
        ],
    ),
    (
        "reportingDescriptor",
        &[
            "id",
            "deprecatedIds",
            "guid",
            "deprecatedGuids",
            "name",
            "deprecatedNames",
            "shortDescription",
            "fullDescription",
            "messageStrings",
            "defaultConfiguration",
            "helpUri",
            "help",
            "relationships",
            "properties",
        ],
    ),
    (
        "reportingConfiguration",
        &["enabled", "level", "rank", "parameters", "properties"],
    ),
    (
        "multiformatMessageString",
        &["text", "markdown", "properties"],
    ),
    (
        "invocation",
        &[
            "commandLine",
            "arguments",
            "responseFiles",
            "startTimeUtc",
            "endTimeUtc",
            "exitCode",
            "ruleConfigurationOverrides",
            "notificationConfigurationOverrides",
            "toolExecutionNotifications",
            "toolConfigurationNotifications",
            "exitCodeDescription",
            "exitSignalName",
            "exitSignalNumber",
            "processStartFailureMessage",
            "executionSuccessful",
            "machine",
            "account",
            "processId",
            "executableLocation",
            "workingDirectory",
            "environmentVariables",
            "stdin",
            "stdout",
            "stderr",
            "stdoutStderr",
            "properties",
        ],
    ),
    (
        "notification",
        &[
            "locations",
            "message",
            "level",
            "threadId",
            "timeUtc",
            "exception",
            "descriptor",
            "associatedRule",
            "properties",
        ],
    ),
    (
        "result",
        &[
            "ruleId",
            "ruleIndex",
            "rule",
            "kind",
            "level",
            "message",
            "analysisTarget",
            "locations",
            "guid",
            "correlationGuid",
            "occurrenceCount",
            "partialFingerprints",
            "fingerprints",
            "stacks",
            "codeFlows",
            "graphs",
            "graphTraversals",
            "relatedLocations",
            "suppressions",
            "baselineState",
            "rank",
            "attachments",
            "hostedViewerUri",
            "workItemUris",
            "provenance",
            "fixes",
            "taxa",
            "webRequest",
            "webResponse",
            "properties",
        ],
    ),
    (
        "message",
        &["text", "markdown", "id", "arguments", "properties"],
    ),
    (
        "location",
        &[
            "id",
            "physicalLocation",
            "logicalLocations",
            "message",
            "annotations",
            "relationships",
            "properties",
        ],
    ),
    (
        "physicalLocation",
        &[
            "address",
            "artifactLocation",
            "region",
            "contextRegion",
            "properties",
        ],
    ),
    (
        "artifactLocation",
        &["uri", "uriBaseId", "index", "description", "properties"],
    ),
    (
        "region",
        &[
            "startLine",
            "startColumn",
            "endLine",
            "endColumn",
            "charOffset",
            "charLength",
            "byteOffset",
            "byteLength",
            "snippet",
            "message",
            "sourceLanguage",
            "properties",
        ],
    ),
    (
        "artifactContent",
        &["text", "binary", "rendered", "properties"],
    ),
];

fn sarif_object<'a>(v: &'a Value, what: &str) -> &'a serde_json::Map<String, Value> {
    let obj = v
        .as_object()
        .unwrap_or_else(|| panic!("{what} is an object: {v}"));
    let allowed = SARIF_KEYS
        .iter()
        .find(|(name, _)| *name == what)
        .map(|(_, keys)| *keys)
        .unwrap();
    for key in obj.keys() {
        assert!(
            allowed.contains(&key.as_str()),
            "{what} may not have `{key}`"
        );
    }
    obj
}

fn nonempty_str<'a>(v: &'a Value, what: &str) -> &'a str {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("{what} is a string: {v}"));
    assert!(!s.is_empty(), "{what} is not empty");
    s
}

fn message(v: &Value, what: &str) -> String {
    sarif_object(v, "message");
    nonempty_str(&v["text"], what).to_string()
}

/// What SARIF 2.1.0 requires of a log, checked field by field (the official
/// schema is not available offline; these are its required properties, enums
/// and minimums, plus the closed property sets above).
fn assert_valid_sarif(log: &Value, report: &Report) {
    sarif_object(log, "sarifLog");
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let runs = log["runs"].as_array().expect("runs is an array");
    assert_eq!(runs.len(), 1, "one run");
    let run = &runs[0];
    sarif_object(run, "run");
    assert!(matches!(
        run["columnKind"].as_str(),
        Some("utf16CodeUnits" | "unicodeCodePoints")
    ));
    sarif_object(&run["tool"], "tool");
    let driver = &run["tool"]["driver"];
    sarif_object(driver, "toolComponent");
    assert_eq!(driver["name"], "crosscheck");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules is an array");
    let mut rule_ids = Vec::new();
    for rule in rules {
        sarif_object(rule, "reportingDescriptor");
        rule_ids.push(nonempty_str(&rule["id"], "rule id").to_string());
        sarif_object(&rule["shortDescription"], "multiformatMessageString");
        nonempty_str(&rule["shortDescription"]["text"], "shortDescription");
        sarif_object(&rule["defaultConfiguration"], "reportingConfiguration");
    }
    for kind in ["outcome-differs", "contradiction", "unresolved-expectation"] {
        assert!(rule_ids.iter().any(|r| r == kind), "a rule for {kind}");
    }
    for inv in run["invocations"].as_array().expect("invocations") {
        sarif_object(inv, "invocation");
        assert!(inv["executionSuccessful"].is_boolean(), "required");
        for n in inv["toolExecutionNotifications"].as_array().unwrap() {
            sarif_object(n, "notification");
            message(&n["message"], "notification message");
        }
    }

    let results = run["results"].as_array().expect("results is an array");
    assert_eq!(results.len(), report.flags.len(), "one result per flag");
    for (result, flag) in results.iter().zip(&report.flags) {
        sarif_object(result, "result");
        let rule_id = nonempty_str(&result["ruleId"], "ruleId");
        assert_eq!(rule_id, flag.kind.as_str());
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], rule_id, "ruleIndex points at its rule");
        let level = result["level"].as_str().expect("level");
        assert!(["none", "note", "warning", "error"].contains(&level));
        assert_eq!(
            level,
            match flag.severity.as_str() {
                "info" => "note",
                s => s,
            }
        );
        assert_eq!(
            message(&result["message"], "result message"),
            defang(&flag.summary)
        );
        assert_eq!(
            result["partialFingerprints"]["crosscheckFlagId/v1"],
            flag.id.as_str()
        );
        assert!(result["partialFingerprints"]
            .as_object()
            .unwrap()
            .values()
            .all(Value::is_string));
        assert!(result["properties"]["slots"].is_array());
        assert_eq!(
            result["properties"]["corroborated_by"]
                .as_array()
                .unwrap()
                .len(),
            flag.corroborated_by.len()
        );
        let locations = result["locations"].as_array().expect("locations");
        assert_eq!(locations.len(), flag.sides.len(), "one location per side");
        for (loc, side) in locations.iter().zip(&flag.sides) {
            sarif_object(loc, "location");
            message(&loc["message"], "location message");
            let phys = &loc["physicalLocation"];
            sarif_object(phys, "physicalLocation");
            sarif_object(&phys["artifactLocation"], "artifactLocation");
            let uri = nonempty_str(&phys["artifactLocation"]["uri"], "uri");
            assert!(
                uri.bytes()
                    .all(|b| b.is_ascii_graphic() && !b"\"<>\\^`{|}".contains(&b)),
                "uri is a URI reference: {uri}"
            );
            let region = &phys["region"];
            sarif_object(region, "region");
            assert!(region["startLine"].as_u64().expect("startLine") >= 1);
            assert!(region["startColumn"].as_u64().expect("startColumn") >= 1);
            assert_eq!(region["startLine"], side.line);
            assert_eq!(region["startColumn"], side.column);
            let offset = region["byteOffset"].as_u64().expect("byteOffset") as usize;
            let length = region["byteLength"].as_u64().expect("byteLength") as usize;
            sarif_object(&region["snippet"], "artifactContent");
            let doc = report
                .documents
                .iter()
                .find(|d| d.path == side.origin.path)
                .expect("the side's document");
            assert_eq!(
                doc.text.get(offset..offset + length),
                region["snippet"]["text"].as_str(),
                "the snippet is the document's text at the region"
            );
        }
    }
}

#[test]
fn sarif_has_the_structure_sarif_2_1_0_requires() {
    let report = fixture();
    let log: Value = serde_json::from_str(&check(&report, Format::Sarif)).expect("valid JSON");
    assert_valid_sarif(&log, &report);
    let first = &log["runs"][0]["results"][0];
    assert_eq!(first["ruleId"], "outcome-differs");
    assert_eq!(first["level"], "warning");
    assert!(
        first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("fixtures/ar-expected-vs-signed/a-summit-expectation.md")
    );
    let snippet = first["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]
        .as_str()
        .unwrap();
    assert!(snippet.contains("أن يوقع الرئيس المصري ونظيره الإندونيسي"));

    let hostile = hostile();
    let log: Value = serde_json::from_str(&check(&hostile, Format::Sarif)).expect("valid JSON");
    assert_valid_sarif(&log, &hostile);
    let loc = &log["runs"][0]["results"][0]["locations"][0];
    // the snippet stays verbatim (a consumer checks it against the file),
    // what a viewer shows as prose is defanged
    assert!(loc["physicalLocation"]["region"]["snippet"]["text"]
        .as_str()
        .unwrap()
        .contains('\u{202E}'));
    assert!(!loc["message"]["text"]
        .as_str()
        .unwrap()
        .contains('\u{202E}'));
}

#[test]
fn sarif_extract_view_has_no_results() {
    let report = fixture();
    let log: Value =
        serde_json::from_str(&render(&report, Format::Sarif, View::Extract, false)).unwrap();
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 0);
}

// ---------------------------------------------------------------- XML

#[derive(Debug)]
struct Element {
    name: String,
    attributes: BTreeMap<String, String>,
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Decode the five predefined entities and character references; any other
/// `&` is an error, as is `<` and any character XML 1.0 does not allow.
fn xml_unescape(s: &str, at: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if !is_xml_char(c) {
            return Err(format!(
                "{at}: U+{:04X} is not allowed in XML 1.0",
                c as u32
            ));
        }
        if c == '<' {
            return Err(format!("{at}: raw `<`"));
        }
        if c == '&' {
            let end = rest
                .find(';')
                .ok_or_else(|| format!("{at}: unterminated `&`"))?;
            let entity = &rest[1..end];
            let decoded = match entity {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("{at}: bad reference &{e};"))?,
                e if e.starts_with('#') => e[1..]
                    .parse()
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("{at}: bad reference &{e};"))?,
                e => return Err(format!("{at}: unknown entity &{e};")),
            };
            if !is_xml_char(decoded) {
                return Err(format!("{at}: reference to a forbidden character"));
            }
            out.push(decoded);
            rest = &rest[end + 1..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    Ok(out)
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_alphanumeric() || "-_.:".contains(c))
        && !s.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.')
}

/// A small well-formedness check (no DTDs, which we never emit): one root,
/// balanced tags, quoted unique attributes, escaped text. Returns the
/// elements in document order.
fn xml_elements(xml: &str) -> Result<Vec<Element>, String> {
    let mut rest = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .ok_or("no XML declaration")?;
    let mut stack: Vec<String> = Vec::new();
    let mut elements = Vec::new();
    let mut roots = 0;
    while !rest.is_empty() {
        let lt = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..lt];
        if stack.is_empty() && !text.trim().is_empty() {
            return Err(format!("text outside the root: {text:?}"));
        }
        xml_unescape(text, "text")?;
        if text.contains('>') {
            return Err(format!("unescaped `>` in text: {text:?}"));
        }
        rest = &rest[lt..];
        if rest.is_empty() {
            break;
        }
        if let Some(r) = rest.strip_prefix("<!--") {
            let end = r.find("-->").ok_or("unterminated comment")?;
            rest = &r[end + 3..];
            continue;
        }
        if let Some(r) = rest.strip_prefix("</") {
            let end = r.find('>').ok_or("unterminated end tag")?;
            let name = r[..end].trim_end();
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            rest = &r[end + 1..];
            continue;
        }
        // a start tag: find its `>` outside quoted values
        let body = &rest[1..];
        let mut quote = None;
        let mut end = None;
        for (i, c) in body.char_indices() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    end = Some(i);
                    break;
                }
                (None, '<') => return Err("`<` inside a tag".into()),
                _ => {}
            }
        }
        let end = end.ok_or("unterminated start tag")?;
        let (inner, empty) = match body[..end].strip_suffix('/') {
            Some(i) => (i, true),
            None => (&body[..end], false),
        };
        let name_end = inner.find(char::is_whitespace).unwrap_or(inner.len());
        let name = &inner[..name_end];
        if !is_name(name) {
            return Err(format!("bad element name {name:?}"));
        }
        let mut attributes = BTreeMap::new();
        let mut a = inner[name_end..].trim_start();
        while !a.is_empty() {
            let eq = a
                .find('=')
                .ok_or(format!("attribute without value in <{name}>"))?;
            let key = a[..eq].trim();
            if !is_name(key) {
                return Err(format!("bad attribute name {key:?} in <{name}>"));
            }
            let v = &a[eq + 1..];
            let q = v.chars().next().filter(|c| *c == '"' || *c == '\'');
            let q = q.ok_or(format!("unquoted attribute {key} in <{name}>"))?;
            let close = v[1..].find(q).ok_or("unterminated attribute")? + 1;
            let value = xml_unescape(&v[1..close], key)?;
            if attributes.insert(key.to_string(), value).is_some() {
                return Err(format!("duplicate attribute {key} in <{name}>"));
            }
            let after = &v[close + 1..];
            if !after.is_empty() && !after.starts_with(char::is_whitespace) {
                return Err(format!("no space after attribute {key} in <{name}>"));
            }
            a = after.trim_start();
        }
        if stack.is_empty() {
            roots += 1;
        }
        elements.push(Element {
            name: name.to_string(),
            attributes,
        });
        if !empty {
            stack.push(name.to_string());
        }
        rest = &body[end + 1..];
    }
    if !stack.is_empty() {
        return Err(format!("unclosed elements {stack:?}"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(elements)
}

#[test]
fn the_xml_checker_rejects_what_it_should() {
    let ok = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a x=\"1 &amp; 2\"><b/>t&lt;</a>\n";
    assert_eq!(xml_elements(ok).unwrap().len(), 2);
    for bad in [
        "<a><b></a></b>",
        "<a x=1/>",
        "<a>&nbsp;</a>",
        "<a>x<y</a>",
        "<a/><b/>",
        "<a>\u{1}</a>",
        "<a x=\"<\"/>",
        "<a x=\"1\" x=\"2\"/>",
        "<a>",
    ] {
        let doc = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{bad}");
        assert!(xml_elements(&doc).is_err(), "accepted {bad:?}");
    }
}

fn count<'a>(elements: &'a [Element], name: &str) -> Vec<&'a Element> {
    elements.iter().filter(|e| e.name == name).collect()
}

fn assert_junit_counts(xml: &str, report: &Report) -> Vec<Element> {
    let elements = xml_elements(xml).unwrap_or_else(|e| panic!("not well-formed: {e}\n{xml}"));
    assert_eq!(elements[0].name, "testsuites");
    let suites = count(&elements, "testsuite");
    assert_eq!(suites.len(), 1);
    let suite = &suites[0].attributes;
    assert_eq!(suite["name"], "crosscheck");
    let warned = report
        .flags
        .iter()
        .filter(|f| f.severity.as_str() != "info")
        .count();
    let cases = count(&elements, "testcase");
    assert_eq!(
        cases.len(),
        report.documents.len() + report.errors.len() + report.flags.len()
    );
    assert_eq!(suite["tests"], cases.len().to_string());
    assert_eq!(suite["failures"], warned.to_string());
    assert_eq!(suite["errors"], report.errors.len().to_string());
    assert_eq!(count(&elements, "failure").len(), warned);
    assert_eq!(elements[0].attributes["tests"], suite["tests"]);
    for (f, case) in report.flags.iter().zip(
        cases
            .iter()
            .filter(|c| !c.attributes["classname"].starts_with("crosscheck.")),
    ) {
        assert_eq!(case.attributes["classname"], f.kind.as_str());
        assert_eq!(
            case.attributes["name"],
            format!("{}: {}", f.id, defang(&f.summary))
        );
    }
    elements
}

#[test]
fn junit_is_well_formed_with_one_failure_per_flag() {
    let report = fixture();
    let xml = check(&report, Format::Junit);
    let elements = assert_junit_counts(&xml, &report);
    let failure = count(&elements, "failure")[0];
    assert_eq!(failure.attributes["type"], "outcome-differs");
    assert_eq!(failure.attributes["message"], report.flags[0].summary);
    // each side: outlet, date, path:line:col and the quote
    for side in &report.flags[0].sides {
        assert!(xml.contains(&format!(
            "{}: {}, {}, {}:{}:{}",
            side.role,
            side.origin.outlet,
            side.origin.published.as_deref().unwrap(),
            side.origin.path,
            side.line,
            side.column
        )));
        assert!(xml.contains(&*side.quote));
    }
    // documents are passing test cases, present whether or not anything flags
    let clean = crosscheck::check_texts(
        rules(),
        &[(
            "one.md",
            "---\npublished: 2025-01-20\n---\nThe presidents of Brazil and Argentina signed a trade \
             agreement in Buenos Aires on 17 January 2025.\n",
        )],
    );
    assert!(clean.flags.is_empty());
    let xml = check(&clean, Format::Junit);
    assert_junit_counts(&xml, &clean);
    assert!(xml.contains(r#"tests="1" failures="0" errors="0""#));
}

#[test]
fn junit_escapes_a_hostile_article() {
    let report = hostile();
    let xml = check(&report, Format::Junit);
    assert_junit_counts(&xml, &report);
    assert!(xml.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;"));
    assert!(xml.contains("&lt;b&gt;Evil&lt;/b&gt; &amp; Co"));
    assert!(!xml.contains('\u{202E}') && !xml.contains('\u{1}'));
    assert!(xml.contains("&lt;U+202E&gt;") && xml.contains("&lt;U+0001&gt;"));
}

// ---------------------------------------------------------------- ClaimReview

fn is_iso_date(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

fn assert_claim_reviews(v: &Value, report: &Report) {
    let reviews = v.as_array().expect("a JSON array");
    assert_eq!(reviews.len(), report.flags.len(), "one review per flag");
    for (r, f) in reviews.iter().zip(&report.flags) {
        assert_eq!(r["@context"], "https://schema.org");
        assert_eq!(r["@type"], "ClaimReview");
        assert_eq!(r["identifier"], f.id.as_str());
        nonempty_str(&r["claimReviewed"], "claimReviewed");
        let rating = &r["reviewRating"];
        assert_eq!(rating["@type"], "Rating");
        nonempty_str(&rating["alternateName"], "alternateName");
        assert_eq!(rating["ratingExplanation"], defang(&f.summary));
        assert_eq!(r["author"]["@type"], "Organization");
        assert_eq!(r["author"]["name"], "crosscheck");
        assert!(is_iso_date(
            r["datePublished"].as_str().expect("datePublished")
        ));
        let claim = &r["itemReviewed"];
        assert_eq!(claim["@type"], "Claim");
        let appearances = claim["appearance"].as_array().expect("appearance");
        assert!(!appearances.is_empty());
        let citations = r["citation"].as_array().map_or(0, Vec::len);
        assert_eq!(
            appearances.len() + citations,
            f.sides.len(),
            "every side once"
        );
        for work in appearances
            .iter()
            .chain(r["citation"].as_array().into_iter().flatten())
        {
            assert_eq!(work["@type"], "CreativeWork");
            assert_eq!(work["publisher"]["@type"], "Organization");
            nonempty_str(&work["publisher"]["name"], "publisher");
            if let Some(url) = work.get("url") {
                assert!(url.as_str().unwrap().starts_with("http"), "{url}");
            }
            if let Some(date) = work.get("datePublished") {
                assert!(is_iso_date(date.as_str().unwrap()));
            }
        }
        assert_eq!(claim["datePublished"], appearances[0]["datePublished"]);
    }
}

#[test]
fn claimreview_is_schema_org_json_ld() {
    let report = fixture();
    let v: Value = serde_json::from_str(&check(&report, Format::Claimreview)).expect("JSON");
    assert_claim_reviews(&v, &report);
    let r = &v[0];
    let flag = &report.flags[0];
    // the expectation is the claim reviewed; the signing is the evidence
    assert_eq!(r["claimReviewed"], &*flag.sides[0].quote);
    assert_eq!(r["reviewRating"]["alternateName"], "Outcome differs");
    let first = &r["itemReviewed"]["appearance"][0];
    assert_eq!(
        first["url"],
        "https://nafizat-alsharq.example/politics/2024/10/14/egypt-indonesia-partnership"
    );
    assert_eq!(first["publisher"]["name"], "نافذة الشرق");
    assert_eq!(r["itemReviewed"]["datePublished"], "2024-10-14");
    assert_eq!(r["datePublished"], "2025-01-16", "the newest side's date");
    assert!(r["citation"][0]["text"]
        .as_str()
        .unwrap()
        .contains("في القاهرة يوم الأربعاء 15 يناير 2025"));
}

#[test]
fn claimreview_can_be_embedded_in_a_script_element() {
    let report = hostile();
    let out = check(&report, Format::Claimreview);
    assert!(!out.contains('<') && !out.contains('>') && !out.contains('&'));
    let v: Value = serde_json::from_str(&out).expect("JSON");
    assert_claim_reviews(&v, &report);
    let claim = v[0]["claimReviewed"].as_str().unwrap();
    assert!(
        claim.contains("<script>alert('x')</script>"),
        "decodes back"
    );
    assert!(claim.contains("<U+202E>") && !claim.contains('\u{202E}'));
    let work = &v[0]["itemReviewed"]["appearance"][0];
    assert!(work.get("url").is_none(), "a javascript: URL is left out");
    assert_eq!(work["publisher"]["name"], "<b>Evil</b> & Co");
}

// ---------------------------------------------------------------- HTML

fn text_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[test]
fn html_is_one_self_contained_page() {
    let report = fixture();
    let html = check(&report, Format::Html);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">"));
    assert!(html.trim_end().ends_with("</html>"));
    let lower = html.to_lowercase();
    for forbidden in [
        "<script", "<link", "<img", "<iframe", " src=", "@import", "url(",
    ] {
        assert!(!lower.contains(forbidden), "{forbidden} in the page");
    }
    assert!(html.contains("<style>"));
    assert_eq!(html.matches("<svg").count(), report.flags.len());
    assert_eq!(
        html.matches("<section class=\"flag ").count(),
        report.flags.len()
    );
    let f = &report.flags[0];
    assert!(html.contains(&format!(
        "<h2><span class=\"kind\">outcome-differs</span> <bdi>{}</bdi></h2>",
        text_escape(&f.summary)
    )));
    // the slot table, with labels
    assert!(html.contains("<tr><td>place</td>"));
    assert!(html.contains("<bdi>Cairo</bdi>"));
    // Arabic quotes right to left, with where they come from
    for side in &f.sides {
        assert!(html.contains(&format!(
            "<blockquote lang=\"ar\" dir=\"rtl\">{}</blockquote>",
            text_escape(&side.quote)
        )));
        assert!(html.contains(&format!(
            "{}:{}:{}",
            side.origin.path, side.line, side.column
        )));
        assert!(html.contains(&side.origin.outlet));
    }
    assert_eq!(
        html.contains("Corroborated by"),
        !f.corroborated_by.is_empty()
    );
    // the timeline: hollow marker for the expectation, filled for the report,
    // a band for each claimed event time
    let svg = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap()];
    assert!(svg.contains("r=\"6\" fill=\"#fff\""), "hollow expectation");
    assert!(svg.contains("r=\"6\" fill=\"#2b6cb0\""), "filled report");
    assert!(svg.contains("claimed event time 2025-01-15 to 2025-01-15"));
    assert!(
        svg.contains(">نافذة الشرق</text>"),
        "markers labelled by outlet"
    );
}

#[test]
fn html_escapes_a_hostile_article() {
    let report = hostile();
    let html = check(&report, Format::Html);
    assert!(!html.to_lowercase().contains("<script"));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(html.contains("&lt;b&gt;Evil&lt;/b&gt; &amp; Co"));
    assert!(!html.contains("<b>Evil"));
    assert!(!html.contains("href=\"javascript:"));
    for hidden in ['\u{202E}', '\u{1}', '\u{2066}'] {
        assert!(
            !html.contains(hidden),
            "U+{:04X} in the page",
            hidden as u32
        );
    }
    assert!(html.contains("&lt;U+202E&gt;"));
    // an English quote stays left to right
    assert!(html.contains("<blockquote lang=\"en\" dir=\"ltr\">The leaders"));
}

// ---------------------------------------------------------------- the binary

#[test]
fn every_new_format_from_the_command_line() {
    for format in ["sarif", "junit", "claimreview", "html"] {
        let (code, text, _) = crate::common::crosscheck(&[
            "check",
            "--format",
            format,
            "fixtures/ar-expected-vs-signed",
        ]);
        assert_eq!(code, 1, "{format}: flags exit 1");
        match format {
            "sarif" | "claimreview" => {
                serde_json::from_str::<Value>(&text).expect("JSON");
            }
            "junit" => {
                xml_elements(&text).expect("well-formed");
            }
            _ => assert!(text.starts_with("<!DOCTYPE html>")),
        }
    }
}

// ---------------------------------------------------------------- a browser

fn on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// Run a command to completion or kill it after `limit`; its stdout.
fn run_with_limit(cmd: &mut Command, limit: Duration) -> String {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut s);
        s
    });
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            assert!(status.success(), "chromium failed: {status}");
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    reader.join().unwrap()
}

fn chromium(chromium: &Path, profile: &Path) -> Command {
    let mut cmd = Command::new(chromium);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

#[test]
#[ignore = "needs chromium and ../shared/seeds; run by .ci/run"]
fn html_report_renders_in_chromium() {
    let Some(browser) = on_path("chromium") else {
        panic!(
            "chromium is not on PATH; install it (`apt-get install chromium`, as .ci/run does) \
             to check that the HTML report renders"
        );
    };
    let seeds = seeds_dir();
    assert!(seeds.is_dir(), "no seed articles at {}", seeds.display());
    let report = run(&[&seeds]);
    assert!(!report.flags.is_empty(), "the seeds flag");
    let html = check(&report, Format::Html);

    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!(
        "crosscheck-chromium-{}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("report.html");
    std::fs::write(&page, &html).unwrap();
    let url = format!("file://{}", page.display());
    let shot = dir.join("shot.png");
    let limit = Duration::from_secs(120);

    run_with_limit(
        chromium(&browser, &dir.join("profile-shot"))
            .arg(format!("--screenshot={}", shot.display()))
            .arg("--window-size=1280,2400")
            .arg(&url),
        limit,
    );
    let size = std::fs::metadata(&shot).map_or(0, |m| m.len());
    assert!(size > 10_000, "screenshot is {size} bytes");
    if let Some(keep) = std::env::var_os("CROSSCHECK_SCREENSHOT") {
        std::fs::copy(&shot, keep).expect("keep the screenshot");
    }

    let dom = run_with_limit(
        chromium(&browser, &dir.join("profile-dom"))
            .arg("--dump-dom")
            .arg(&url),
        limit,
    );
    assert!(dom.contains("<svg"), "the timeline is in the rendered DOM");
    assert!(dom.contains("<blockquote lang=\"ar\" dir=\"rtl\">"));
    for f in &report.flags {
        assert!(
            dom.contains(&format!(
                "<span class=\"kind\">{}</span> <bdi>{}</bdi>",
                f.kind.as_str(),
                text_escape(&defang(&f.summary))
            )),
            "heading of {} in the DOM",
            f.id
        );
        for side in &f.sides {
            let start: String = defang(&side.quote).chars().take(40).collect();
            assert!(
                dom.contains(&text_escape(&start)),
                "quote from {} in the DOM",
                side.origin.path
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
#[ignore = "needs the official SARIF 2.1.0 schema and Python's jsonschema, which .ci/run fetches"]
fn sarif_validates_against_the_official_schema() {
    let schema = crate::common::root().join("target/sarif-schema/sarif-2.1.0.json");
    assert!(
        schema.exists(),
        "{} is missing: .ci/run fetches it",
        schema.display()
    );
    let report =
        crate::common::run(&[&crate::common::root().join("fixtures/ar-expected-vs-signed")]);
    let sarif = crosscheck::report::render(
        &report,
        crosscheck::report::Format::Sarif,
        crosscheck::report::View::Check,
        false,
    );
    let out_path = std::env::temp_dir().join(format!("crosscheck-{}.sarif", std::process::id()));
    std::fs::write(&out_path, &sarif).unwrap();
    assert_schema_valid(&out_path, &schema);
    // against that run as a baseline, with one flag suppressed: new,
    // unchanged and absent results, and a suppression with its reason
    let mut later = crate::common::run(&[
        &crate::common::root().join("fixtures/ar-expected-vs-signed"),
        &crate::common::root().join("fixtures/en-venue-moved"),
    ]);
    let mut reasons = rustc_hash::FxHashMap::default();
    reasons.insert(later.flags[0].id.clone(), "checked by the desk".to_string());
    later.against = crosscheck::report::baseline::Against {
        baseline: Some(crosscheck::report::baseline::Baseline::read(&out_path).unwrap()),
        suppressions: crosscheck::report::baseline::Suppressions { reasons },
    };
    let marked = crosscheck::report::render(
        &later,
        crosscheck::report::Format::Sarif,
        crosscheck::report::View::Check,
        false,
    );
    assert!(marked.contains("baselineState") && marked.contains("checked by the desk"));
    std::fs::write(&out_path, &marked).unwrap();
    assert_schema_valid(&out_path, &schema);
    std::fs::remove_file(&out_path).ok();
}

/// Python's jsonschema says the SARIF file at `path` is valid.
fn assert_schema_valid(path: &std::path::Path, schema: &std::path::Path) {
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))); print('valid')",
            path.to_str().unwrap(),
            schema.to_str().unwrap(),
        ])
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("valid"),
        "{}{}",
        stdout,
        String::from_utf8_lossy(&out.stderr)
    );
}
