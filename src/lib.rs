pub mod normalize;
pub mod span;
pub mod time;
