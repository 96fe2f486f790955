//! Helpers shared by the test modules.
pub mod drops;
pub mod gold;
pub mod model;
