//! Planning a sheet: find the table, collect each column's statistics, decide
//! types, kind and roles (or take those the user gave or that were remembered
//! for the header). Shared by the import and the wizard's preview.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, Transaction};

use super::infer::{ColumnStats, Decision};
use super::roles::{self, Assignment, ColumnFacts};
use super::source::{Cell, RowSource};
use super::table::{self, Header, PCell, RowClassifier};
use super::{Ctx, ImportOptions, Plan, PROGRESS_EVERY};
use crate::error::{Error, ErrorCode, Result};
use crate::model::{ColumnType, RecordKind};
use crate::progress::ImportStage;

/// The kind and roles remembered for this header signature, if any.
pub(super) fn remembered_mapping(
    tx: &Transaction<'_>,
    signature: &str,
    header: &Header,
) -> Result<Option<(RecordKind, Assignment)>> {
    let row: Option<(String, String)> = tx
        .query_row(
            "SELECT kind, roles FROM mappings WHERE signature = ?1",
            [signature],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((kind, json)) = row else {
        return Ok(None);
    };
    let (Some(kind), Ok(map)) = (
        RecordKind::parse(&kind),
        serde_json::from_str::<BTreeMap<String, Option<String>>>(&json),
    ) else {
        return Ok(None);
    };
    let names = roles::role_names(kind);
    let assignment = header
        .columns
        .iter()
        .map(|c| {
            let r = map.get(&c.header).cloned().flatten()?;
            if kind == RecordKind::Lookup {
                Some(r)
            } else {
                names.iter().find(|n| **n == r).map(|n| n.to_string())
            }
        })
        .collect();
    Ok(Some((kind, assignment)))
}

/// Finds the table: the header row below any titles, unless the sheet is
/// empty or a report (pivot, months as columns), which is said why.
pub(super) fn find_table(
    ctx: &Ctx<'_>,
    src: &mut dyn RowSource,
) -> Result<std::result::Result<Header, String>> {
    let mut preview: Vec<(u64, Vec<PCell>)> = Vec::new();
    src.each_row(&mut |row, cells| {
        preview.push((row, cells.iter().map(PCell::from_cell).collect()));
        Ok(preview.len() < table::HEADER_SEARCH_ROWS)
    })?;
    if preview
        .iter()
        .all(|(_, r)| r.iter().all(|c| *c == PCell::Empty))
    {
        return Ok(Err("the sheet is empty".into()));
    }
    let Some(header) = table::find_header(&preview) else {
        return Ok(Err(
            "no header row: the sheet holds no table (only titles or single values)".into(),
        ));
    };
    let above: Vec<(u64, Vec<PCell>)> = preview
        .iter()
        .filter(|(r, _)| *r < header.row)
        .cloned()
        .collect();
    if ctx.opts.kind.is_none() {
        if let Some(why) = table::report_layout(&header, &above) {
            return Ok(Err(why));
        }
    }
    Ok(Ok(header))
}

/// Column statistics over the data rows (all of them, or the first `limit`).
/// Returns the statistics, the number of data rows, and whether the end of the
/// sheet was reached.
pub(super) fn collect_stats(
    ctx: &Ctx<'_>,
    src: &mut dyn RowSource,
    header: &Header,
    limit: Option<u64>,
) -> Result<(Vec<ColumnStats>, u64, bool)> {
    let mut stats: Vec<ColumnStats> = header.columns.iter().map(|_| ColumnStats::new()).collect();
    let mut classifier = RowClassifier::new(header);
    let mut data_rows = 0u64;
    let mut seen = 0u64;
    let mut complete = true;
    src.each_row(&mut |row, cells| {
        if row <= header.row {
            return Ok(true);
        }
        if limit.is_some_and(|l| data_rows >= l) {
            complete = false;
            return Ok(false);
        }
        seen += 1;
        if seen.is_multiple_of(PROGRESS_EVERY) {
            ctx.report(ImportStage::Analysing, seen, None)?;
        }
        if classifier.classify(cells).is_some() {
            return Ok(true);
        }
        data_rows += 1;
        for (k, col) in header.columns.iter().enumerate() {
            stats[k].add(cells.get(col.index).unwrap_or(&Cell::Empty));
        }
        Ok(true)
    })?;
    Ok((stats, data_rows, complete))
}

/// Types, kind and roles decided from the statistics; the kind and roles are
/// an `Err` with the reason when no kind fits (and none was given).
pub(super) struct Analysis {
    /// When no kind was recognised: the closest kind and its roles, guesses included.
    pub(super) guess: Option<(RecordKind, Assignment)>,
    pub(super) decisions: Vec<Decision>,
    pub(super) signature: String,
    pub(super) mapping: std::result::Result<Mapping, String>,
}

/// The record kind and each column's role, and whether they were remembered
/// from an earlier import of a file with the same header.
pub(super) struct Mapping {
    pub(super) kind: RecordKind,
    pub(super) roles: Assignment,
    pub(super) remembered: bool,
}

pub(super) fn analyse(
    tx: &Transaction<'_>,
    ctx: &Ctx<'_>,
    header: &Header,
    stats: &[ColumnStats],
) -> Result<Analysis> {
    let (dot, comma) = stats.iter().fold((0, 0), |(d, c), s| {
        (d + s.dot_evidence(), c + s.comma_evidence())
    });
    let european = ctx.european || comma > dot;
    let decisions: Vec<Decision> = header
        .columns
        .iter()
        .zip(stats)
        .map(|(c, s)| s.decide(&c.header, european))
        .collect();
    let signature = header_signature(header);
    let facts: Vec<ColumnFacts<'_>> = header
        .columns
        .iter()
        .zip(stats)
        .zip(&decisions)
        .map(|((c, s), d)| ColumnFacts {
            header: &c.header,
            norm: roles::normalise_header(&c.header),
            alternatives: super::normalise::header_alternatives(&c.header),
            column_type: d.column_type,
            values: s.distinct.iter().map(|v| v.to_lowercase()).collect(),
            unique: !s.distinct_overflow && s.distinct.len() as u64 == s.filled,
            filled: s.filled,
        })
        .collect();

    // Kind and roles: the user's word, else a remembered mapping, else detection.
    let mut guess = None;
    let remembered = if ctx.opts.kind.is_none() && ctx.opts.roles.is_empty() {
        remembered_mapping(tx, &signature, header)?
    } else {
        None
    };
    let mapping = match (ctx.opts.kind, remembered) {
        (None, Some((kind, roles))) => Ok(Mapping {
            kind,
            roles,
            remembered: true,
        }),
        (Some(RecordKind::Lookup), _) => match roles::detect_lookup(&facts) {
            Some(a) => Ok((RecordKind::Lookup, a)),
            None => {
                return Err(Error::at(
                    ErrorCode::MissingColumn,
                    ctx.location(Some(header.row), None),
                    "a lookup sheet needs a key column naming a dimension (Rep, Team, Region, Product, Customer) with distinct values, and attribute columns",
                ))
            }
        }
        .map(|(kind, roles)| Mapping {
            kind,
            roles,
            remembered: false,
        }),
        (Some(k), _) => Ok(Mapping {
            kind: k,
            roles: roles::assign(k, &facts).0,
            remembered: false,
        }),
        (None, None) if pivot_output(header).is_some() => {
            return Ok(Analysis {
                decisions,
                signature,
                mapping: Err(pivot_output(header).unwrap_or_default()),
                guess: None,
            })
        }
        (None, None) => match roles::detect(&facts) {
            Some((kind, roles)) => Ok(Mapping {
                kind,
                roles,
                remembered: false,
            }),
            None if !ctx.opts.roles.is_empty() => {
                return Err(Error::at(
                    ErrorCode::InvalidArgument,
                    ctx.location(Some(header.row), None),
                    "say which kind of records the sheet holds (--kind) when mapping columns by hand",
                ))
            }
            None => {
                let shown: Vec<String> = header
                    .columns
                    .iter()
                    .take(8)
                    .map(|c| format!("\"{}\"", c.header))
                    .collect();
                guess = roles::likeliest(&facts);
                Err(format!(
                    "no record kind recognised from the header on row {} ({}{}){}",
                    header.row,
                    shown.join(", "),
                    if header.columns.len() > 8 { ", …" } else { "" },
                    guess.as_ref().map_or_else(
                        || "; use --kind to say what it holds".to_string(),
                        |c| closest(header, c)
                    )
                ))
            }
        },
    };
    let mapping = match mapping {
        Ok(mut m) => {
            apply_role_overrides(ctx, m.kind, header, &mut m.roles)?;
            Ok(m)
        }
        Err(why) => Err(why),
    };
    Ok(Analysis {
        decisions,
        signature,
        mapping,
        guess: guess.map(|c| (c.kind, c.guessed)),
    })
}

/// The closest kind in words, with a command line that imports the sheet
/// so: `Closest: deals (found amount ← "Worth"; guessed created_date ←
/// "Opened"). To import it so: --kind deals --map "Opened=created_date"`.
fn closest(header: &Header, c: &roles::Closest) -> String {
    let kind = c.kind;
    let mut found = Vec::new();
    let mut maps = Vec::new();
    for (i, role) in c.guessed.iter().enumerate() {
        let Some(role) = role else { continue };
        let h = &header.columns[i].header;
        if c.named[i].as_deref() == Some(role.as_str()) {
            found.push(format!("{role} ← \"{h}\""));
        } else {
            maps.push(format!("--map \"{h}={role}\""));
        }
    }
    let mut s = format!("; closest: {kind}");
    if !found.is_empty() {
        s += &format!(" (found {})", found.join(", "));
    }
    if !c.unguessed.is_empty() {
        s += &format!(
            ", but {} sheet needs a column for {} and none fits",
            a_kind(kind),
            c.unguessed.join(", ").replace('_', " ")
        );
        if c.unguessed.iter().any(|r| r.ends_with("date")) {
            s += ": no column holds dates, and every record needs one to fall in a period; export the records with their dates";
        }
        return s;
    }
    s += &format!(". To import it as {kind}: --kind {kind}");
    for m in maps {
        s += " ";
        s += &m;
    }
    s
}

/// "an orders", "a deals": the kind with its article.
fn a_kind(kind: RecordKind) -> String {
    let article = if matches!(kind, RecordKind::Orders | RecordKind::Activities) {
        "an"
    } else {
        "a"
    };
    format!("{article} {kind}")
}

/// The error for a sheet that lacks a column for a required role.
pub(super) fn missing_columns(
    ctx: &Ctx<'_>,
    header: &Header,
    kind: RecordKind,
    missing: &[&str],
) -> Error {
    let shown: Vec<String> = header
        .columns
        .iter()
        .map(|c| format!("{} \"{}\"", c.letter, c.header))
        .collect();
    Error::at(
        ErrorCode::MissingColumn,
        ctx.location(Some(header.row), None),
        format!(
            "{} sheet needs a column for {}; none of the columns fits ({}). Map a column to it (--map HEADER=ROLE, or the role editor in the app) or rename its header",
            a_kind(kind),
            missing.join(", ").replace('_', " "),
            shown.join(", ")
        ),
    )
}

/// Decides types, kind and roles from the statistics.
pub(super) fn make_plan(
    tx: &Transaction<'_>,
    ctx: &Ctx<'_>,
    header: Header,
    stats: Vec<ColumnStats>,
    data_rows: u64,
) -> Result<std::result::Result<Plan, String>> {
    let a = analyse(tx, ctx, &header, &stats)?;
    let m = match a.mapping {
        Ok(m) => m,
        Err(why) => return Ok(Err(why)),
    };
    let missing = roles::missing_required(m.kind, &m.roles);
    if !missing.is_empty() {
        return Err(missing_columns(ctx, &header, m.kind, &missing));
    }
    Ok(Ok(Plan {
        header,
        decisions: a.decisions,
        stats,
        kind: m.kind,
        roles: m.roles,
        data_rows,
        signature: a.signature,
    }))
}

pub(super) fn apply_role_overrides(
    ctx: &Ctx<'_>,
    kind: RecordKind,
    header: &Header,
    assignment: &mut Assignment,
) -> Result<()> {
    if ctx.opts.roles.is_empty() {
        return Ok(());
    }
    let names = roles::role_names(kind);
    for (h, role) in &ctx.opts.roles {
        let Some(pos) = header.columns.iter().position(|c| c.header == h.trim()) else {
            return Err(Error::at(
                ErrorCode::InvalidArgument,
                ctx.location(Some(header.row), None),
                format!("there is no column \"{h}\" in the header"),
            ));
        };
        match role {
            None => assignment[pos] = None,
            Some(r) => {
                let Some(known) = names.iter().find(|n| **n == r.as_str()) else {
                    return Err(Error::at(
                        ErrorCode::InvalidArgument,
                        ctx.location(Some(header.row), Some(&header.columns[pos])),
                        format!(
                            "\"{r}\" is not a role of {kind} records (roles: {})",
                            names.join(", ")
                        ),
                    ));
                };
                for a in assignment.iter_mut() {
                    if a.as_deref() == Some(*known) {
                        *a = None;
                    }
                }
                assignment[pos] = Some(known.to_string());
            }
        }
    }
    Ok(())
}

pub(super) fn header_signature(h: &Header) -> String {
    use sha2::{Digest, Sha256};
    let mut s = Sha256::new();
    for c in &h.columns {
        s.update(roles::normalise_header(&c.header).as_bytes());
        s.update([0x1f]);
    }
    s.finalize()
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Rows read to decide a tentative plan before the one streaming pass.
pub(crate) const SAMPLE_ROWS: u64 = 20_000;

impl Plan {
    /// Same types, kind and roles: rows written under one plan are exactly
    /// what the other would write.
    pub(super) fn same_mapping(&self, other: &Plan) -> bool {
        self.decisions == other.decisions && self.kind == other.kind && self.roles == other.roles
    }
}

/// The column of an orders sheet that holds targets beside the actuals: no
/// role, numbers (not percents), and a word of its header names a target
/// (`Target Sales`, `Meta de vendas`, `Sales Goal`).
pub(super) fn targets_column(plan: &Plan) -> Option<usize> {
    targets_column_of(plan.kind, &plan.header, &plan.decisions, &plan.roles)
}

/// [`targets_column`] from the parts a preview has.
pub(super) fn targets_column_of(
    kind: RecordKind,
    header: &Header,
    decisions: &[Decision],
    roles: &Assignment,
) -> Option<usize> {
    if kind != RecordKind::Orders {
        return None;
    }
    (0..header.columns.len()).find(|&i| {
        let numeric = matches!(
            decisions[i].column_type,
            ColumnType::Integer | ColumnType::Decimal | ColumnType::Money
        );
        numeric
            && roles[i].is_none()
            && header.columns[i]
                .header
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| {
                    !w.is_empty()
                        && super::vocabulary::name_score(
                            RecordKind::Targets,
                            "target",
                            &roles::normalise_header(w),
                        ) >= 3
                })
    })
}

/// What the report says the importer recognised or worked out for a sheet.
pub(super) fn sheet_notes(plan: &Plan, opts: &ImportOptions) -> Vec<String> {
    let with_targets = opts.with_targets;
    let mut notes = Vec::new();
    if let Some(i) = targets_column(plan) {
        let c = &plan.header.columns[i];
        notes.push(if with_targets {
            format!(
                "column {} \"{}\" holds targets: imported as {} goals per month and segment",
                c.letter,
                c.header,
                super::schema::QUOTA_KPI
            )
        } else {
            format!(
                "column {} \"{}\" holds targets: import them as {} goals too with --with-targets (in the window: Also import the targets as goals)",
                c.letter,
                c.header,
                super::schema::QUOTA_KPI
            )
        });
    }
    let headers: Vec<&str> = plan
        .header
        .columns
        .iter()
        .map(|c| c.header.as_str())
        .collect();
    if let Some(crm) = recognised_crm(&headers) {
        let noun = match plan.kind {
            RecordKind::Deals => "opportunity",
            RecordKind::Orders => "sales order",
            RecordKind::Leads => "lead",
            RecordKind::Activities => "activity",
            RecordKind::Targets => "quota",
            RecordKind::Subscriptions => "subscription",
            RecordKind::Spend => "spend",
            RecordKind::Events => "events",
            RecordKind::Lookup => "lookup",
        };
        notes.push(format!("{crm} {noun} export"));
    }
    if plan.kind == RecordKind::Targets && !plan.roles.iter().any(|r| r.as_deref() == Some("kpi")) {
        notes.push(format!(
            "a quota sheet without a KPI column: each target is a {} goal for its segment and period",
            opts.quota_kpi().unwrap_or(super::schema::QUOTA_KPI)
        ));
    }
    if roles::date_from_parts(plan.kind, &plan.roles) {
        notes.push(
            "no date column: each order's date is made of its year, month and day columns"
                .to_string(),
        );
    }
    if roles::revenue_from_price(plan.kind, &plan.roles) {
        let named = |role: &str| {
            plan.roles
                .iter()
                .position(|r| r.as_deref() == Some(role))
                .map(|i| {
                    format!(
                        "{} \"{}\"",
                        plan.header.columns[i].letter, plan.header.columns[i].header
                    )
                })
                .unwrap_or_default()
        };
        notes.push(format!(
            "no revenue column: each order's revenue is quantity ({}) × unit price ({})",
            named("quantity"),
            named("unit_price")
        ));
    }
    notes
}

/// The CRM whose own header names (no language's) at least two columns
/// carry, more of them than any other CRM's.
pub fn recognised_crm(headers: &[&str]) -> Option<&'static str> {
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for h in headers {
        for crm in super::vocabulary::crms_of(&roles::normalise_header(h)) {
            *counts.entry(crm).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&'static str, usize)> = counts.into_iter().collect();
    ranked.sort_by_key(|r| std::cmp::Reverse(r.1));
    match ranked.as_slice() {
        [(crm, n), rest @ ..] if *n >= 2 && rest.first().is_none_or(|r| r.1 < *n) => Some(crm),
        _ => None,
    }
}

/// Why a sheet is a pivot table's output rather than records, if it is: a
/// column of sums (`Sum - Total`, `Suma - Cantidad`, `Sum of Sales`), or a
/// cross-table whose header starts blank and is blank in a third of its
/// cells (a label over each pair of columns).
pub(super) fn pivot_output(header: &Header) -> Option<String> {
    const SUMS: &[&str] = &[
        "sum - ",
        "sum of ",
        "suma - ",
        "suma de ",
        "summe - ",
        "summe von ",
        "somme - ",
        "somme de ",
        "soma - ",
        "soma de ",
        "count of ",
        "average of ",
        "total de ",
    ];
    let blank = |c: &table::Column| c.header == format!("Column {}", c.letter);
    if let Some(c) = header.columns.iter().find(|c| {
        let h = c.header.to_lowercase();
        SUMS.iter().any(|p| h.starts_with(p))
    }) {
        return Some(format!(
            "a pivot table's output (column {} \"{}\" holds sums), not records; import the table it summarises",
            c.letter, c.header
        ));
    }
    let blanks = header.columns.iter().filter(|c| blank(c)).count();
    if header.columns.first().is_some_and(blank)
        && header.columns.len() >= 4
        && blanks * 3 >= header.columns.len()
    {
        return Some(
            "a pivot report (a cross-table with labels over groups of columns), not a table of records; export the records behind it instead (a list view or a flat table, one row per sale)".to_string(),
        );
    }
    None
}
