pub mod normalize;
pub mod span;
