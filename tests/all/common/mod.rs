//! Helpers shared by the test modules.
pub mod app;
pub mod discrepancy_gold;
pub mod drops;
pub mod gold;
pub mod model;
