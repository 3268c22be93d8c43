//! What the app and the command line call when an action needs several
//! engines: the import transaction (the importer writes, the KPI engine sets
//! the goals of a targets sheet, the store records the history), settings
//! routed by key to the engine they belong to, and the dashboard views
//! (KPI results drawn as charts).

pub mod dashboard;
pub mod deck;
pub mod import;
pub mod settings;
