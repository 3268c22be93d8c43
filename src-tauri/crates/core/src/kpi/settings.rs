//! KPI settings, kept in the store's key/value settings: the fiscal-year start
//! month, the status thresholds (global and per KPI), the variant of each KPI,
//! the weights of the perspectives in the overall score and the currency.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::facts::{LOST, WON};
use crate::catalog::{self, Perspective};
use crate::error::{Error, ErrorCode, Result};
use crate::records::FORECAST_CATEGORIES;
use crate::store;

/// Attainment at or above `green` is green, at or above `amber` amber, else red.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[ts(export_to = "Thresholds.ts")]
pub struct Thresholds {
    /// Attainment from which a KPI is green (1.0 is 100%).
    pub green: f64,
    /// Attainment from which a KPI is amber.
    pub amber: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            green: 1.0,
            amber: 0.9,
        }
    }
}

/// The KPI settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(rename = "KpiSettings", export_to = "KpiSettings.ts")]
pub struct Settings {
    /// 1 = January.
    pub fiscal_start_month: u32,
    /// Thresholds for every KPI without its own.
    pub thresholds: Thresholds,
    /// Thresholds for single KPIs, overriding `thresholds`.
    pub kpi_thresholds: BTreeMap<String, Thresholds>,
    /// The variant chosen per KPI (absent: the default, the catalog's first).
    pub variants: BTreeMap<String, String>,
    /// Weight of each perspective in the overall score (absent: 1).
    pub weights: BTreeMap<String, f64>,
    /// The currency charts print ("$", "EUR"); none: the one seen in the data.
    pub currency: Option<String>,
    /// The forecast category of a deal without one, by its stage label
    /// (lowercase); a label not here: won is closed, lost omitted, open pipeline.
    pub forecast_categories: BTreeMap<String, String>,
    /// The KPIs the team reviews, in their order (`focus`); none: every KPI
    /// with a goal in the view.
    pub focus: Option<Vec<String>>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            fiscal_start_month: 1,
            thresholds: Thresholds::default(),
            kpi_thresholds: BTreeMap::new(),
            variants: BTreeMap::new(),
            weights: BTreeMap::new(),
            currency: None,
            forecast_categories: BTreeMap::new(),
            focus: None,
        }
    }
}

fn invalid(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidArgument, msg)
}

/// The keys `set` takes, for messages.
pub const KEYS: &str =
    "fiscal_start_month, thresholds, threshold.<kpi>, variant.<kpi>, weight.<perspective>, currency, forecast_category.<stage label>, focus";

/// True when `key` is one of the KPI settings (`fiscal_start_month`, `variant.win_rate` ...).
pub fn is_key(key: &str) -> bool {
    matches!(
        key,
        "fiscal_start_month" | "currency" | "thresholds" | "focus"
    ) || ["threshold.", "variant.", "weight.", "forecast_category."]
        .iter()
        .any(|p| key.starts_with(p))
}

fn parse_thresholds(v: &str) -> Result<Thresholds> {
    // "1.0,0.9" or "100%,90%"
    let parts: Vec<&str> = v.split(',').map(str::trim).collect();
    let num = |s: &str| -> Option<f64> {
        match s.strip_suffix('%') {
            Some(p) => p.trim().parse::<f64>().ok().map(|x| x / 100.0),
            None => s.parse().ok(),
        }
    };
    match parts.as_slice() {
        [g, a] => match (num(g), num(a)) {
            (Some(green), Some(amber)) if green.is_finite() && amber.is_finite() && 0.0 <= amber && amber <= green => {
                Ok(Thresholds { green, amber })
            }
            _ => Err(invalid(format!(
                "thresholds are GREEN,AMBER with amber at most green, such as 1.0,0.9 or 100%,90%; not \"{v}\""
            ))),
        },
        _ => Err(invalid(format!(
            "thresholds are GREEN,AMBER, such as 1.0,0.9 or 100%,90%; not \"{v}\""
        ))),
    }
}

impl Settings {
    /// The settings stored in the database, defaults for the others.
    pub fn load(conn: &Connection) -> Result<Settings> {
        let mut s = Settings::default();
        for (key, value) in store::read_settings(conn)? {
            // Another engine's key, or a value this version cannot read: not ours.
            if is_key(&key) {
                let _ = s.apply(&key, &value);
            }
        }
        Ok(s)
    }

    /// Applies one setting in its text form (validated).
    fn apply(&mut self, key: &str, value: &str) -> Result<()> {
        let value = value.trim();
        if key == "fiscal_start_month" {
            let m: u32 = value
                .parse()
                .ok()
                .filter(|m| (1..=12).contains(m))
                .ok_or_else(|| {
                    invalid(format!(
                        "fiscal_start_month is a month number from 1 to 12, not \"{value}\""
                    ))
                })?;
            self.fiscal_start_month = m;
        } else if key == "currency" {
            let n = value.chars().count();
            if n == 0
                || n > 5
                || value
                    .chars()
                    .any(|c| c.is_ascii_digit() || c.is_whitespace())
            {
                return Err(invalid(format!(
                    "currency is a symbol or code of up to 5 characters without digits, such as $, € or CHF; not \"{value}\""
                )));
            }
            self.currency = Some(value.to_string());
        } else if key == "focus" {
            let mut ids: Vec<String> = Vec::new();
            for id in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                let id = kpi_def(id)?.id.to_string();
                if ids.contains(&id) {
                    return Err(invalid(format!("focus names {id} twice")));
                }
                ids.push(id);
            }
            if ids.is_empty() {
                return Err(invalid(
                    "focus is the KPIs the team reviews, in order, such as total_revenue,win_rate,new_leads; `settings reset focus` goes back to every KPI with a goal",
                ));
            }
            self.focus = Some(ids);
        } else if key == "thresholds" {
            self.thresholds = parse_thresholds(value)?;
        } else if let Some(kpi) = key.strip_prefix("threshold.") {
            let def = kpi_def(kpi)?;
            self.kpi_thresholds
                .insert(def.id.to_string(), parse_thresholds(value)?);
        } else if let Some(kpi) = key.strip_prefix("variant.") {
            let def = kpi_def(kpi)?;
            if def.variant(value).is_none() {
                let names: Vec<&str> = def.variants.iter().map(|v| v.id).collect();
                return Err(invalid(format!(
                    "{} has the variants {}, not \"{value}\"",
                    def.id,
                    names.join(", ")
                )));
            }
            self.variants.insert(def.id.to_string(), value.to_string());
        } else if let Some(p) = key.strip_prefix("weight.") {
            let p = Perspective::parse(p).ok_or_else(|| {
                let names: Vec<&str> = Perspective::ALL.iter().map(|p| p.id()).collect();
                invalid(format!(
                    "\"{p}\" is not a perspective ({})",
                    names.join(", ")
                ))
            })?;
            let w: f64 = value
                .parse()
                .ok()
                .filter(|w: &f64| w.is_finite() && *w >= 0.0)
                .ok_or_else(|| {
                    invalid(format!(
                        "a weight is a number of at least 0, not \"{value}\""
                    ))
                })?;
            self.weights.insert(p.id().to_string(), w);
        } else if let Some(label) = key.strip_prefix("forecast_category.") {
            let label = label.trim().to_lowercase();
            let category = value.to_lowercase().replace([' ', '-'], "_");
            if label.is_empty() || !FORECAST_CATEGORIES.contains(&category.as_str()) {
                return Err(invalid(format!(
                    "forecast_category.<stage label> is one of {}, for a stage label such as \"Negotiation\"; not \"{value}\" for \"{label}\"",
                    FORECAST_CATEGORIES.join(", ")
                )));
            }
            self.forecast_categories.insert(label, category);
        } else {
            return Err(invalid(format!(
                "\"{key}\" is not a setting; the settings are {KEYS}"
            )));
        }
        Ok(())
    }

    /// Validates and stores one setting.
    pub fn set(conn: &Connection, key: &str, value: &str) -> Result<Settings> {
        let key = canonical_key(key);
        let mut s = Settings::load(conn)?;
        s.apply(&key, value)?;
        store::put_setting(conn, &key, value.trim())?;
        Ok(s)
    }

    /// Back to the default for one setting.
    pub fn reset(conn: &Connection, key: &str) -> Result<Settings> {
        store::delete_setting(conn, &canonical_key(key))?;
        Settings::load(conn)
    }

    /// The thresholds of one KPI: its own, else the global ones.
    pub fn thresholds_for(&self, kpi: &str) -> Thresholds {
        self.kpi_thresholds
            .get(kpi)
            .copied()
            .unwrap_or(self.thresholds)
    }

    /// The variant in use for a KPI: the one chosen, else the catalog's first.
    pub fn variant_of(&self, def: &catalog::KpiDef) -> &'static catalog::Variant {
        self.variants
            .get(def.id)
            .and_then(|v| def.variant(v))
            .unwrap_or_else(|| def.default_variant())
    }

    /// The forecast category (an index of [`FORECAST_CATEGORIES`]) of a deal
    /// whose record has none: the one set for its stage label, else won is
    /// closed, lost omitted and open pipeline.
    pub fn category_of_stage(&self, label: &str, stage: u8) -> u8 {
        if let Some(c) = self.forecast_categories.get(&label.trim().to_lowercase()) {
            if let Some(i) = FORECAST_CATEGORIES.iter().position(|x| x == c) {
                return i as u8;
            }
        }
        match stage {
            WON => 0,
            LOST => 4,
            _ => 3,
        }
    }

    /// A perspective's weight in the overall score (1 unless set).
    pub fn weight_of(&self, p: Perspective) -> f64 {
        self.weights.get(p.id()).copied().unwrap_or(1.0)
    }
}

/// A setting's key as it is stored: a stage label in `forecast_category.<label>`
/// is compared without case or surrounding spaces, so `Negotiation` and
/// `negotiation` are one setting.
pub fn canonical_key(key: &str) -> String {
    match key.strip_prefix("forecast_category.") {
        Some(label) => format!("forecast_category.{}", label.trim().to_lowercase()),
        None => key.to_string(),
    }
}

/// The catalog's KPI of this id, or an error that says how to list them.
pub fn kpi_def(id: &str) -> Result<&'static catalog::KpiDef> {
    catalog::find(id).ok_or_else(|| {
        invalid(format!(
            "\"{id}\" is not a KPI id; `salescope-cli kpis` lists them (new_leads, win_rate, total_revenue ...)"
        ))
    })
}
