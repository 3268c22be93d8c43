//! Files as people really export them: CRM exports, other languages, other
//! encodings, the dates and amounts they write. Small files the tests write,
//! one case per quirk, each imported with no kind or mapping given.

use crate::common::env;
use salescope_core::{RecordKind, Store};

/// Encodes UTF-8 text into a legacy encoding, as a program of that locale saves it.
fn encoded(text: &str, encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding.encode(text);
    assert!(!unmappable, "{text} has no {} form", encoding.name());
    bytes.into_owned()
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn windows_1252_with_only_euro_signs_is_not_read_as_dos_850() {
    let mut e = env();
    // Excel's "CSV (semicolon)" in a German or French locale: € is byte 0x80.
    let text = "Deal;Created Date;Stage;Deal Value (€)\r\nD1;01.03.2024;Won;1.234,50 €\r\nD2;02.03.2024;Lost;€ 99,00\r\n";
    let p = e.write(
        "euro-only-1252.csv",
        &encoded(text, encoding_rs::WINDOWS_1252),
    );
    let r = e.import(&p);
    assert_eq!(r.encoding.as_deref(), Some("Windows-1252"));
    assert_eq!(r.sheets[0].kind, RecordKind::Deals);
    assert_eq!(
        e.rows("SELECT created_date, stage, amount FROM deals ORDER BY source_row"),
        [
            ["2024-03-01", "won", "1234.5"],
            ["2024-03-02", "lost", "99"]
        ]
    );
    let c = &r.sheets[0].columns[3];
    assert_eq!(
        (c.header.as_str(), c.currency.as_deref()),
        ("Deal Value (€)", Some("€"))
    );
}

#[test]
fn gbk_shift_jis_and_big5_text_reads_right() {
    for (name, encoding, label, text, customer) in [
        (
            "gbk.csv",
            encoding_rs::GBK,
            "GBK",
            "订单日期,销售额,客户\n2024-03-01,100,北京贸易有限公司\n2024-03-02,250,上海科技\n",
            "北京贸易有限公司",
        ),
        (
            "shift-jis.csv",
            encoding_rs::SHIFT_JIS,
            "Shift_JIS",
            "注文日,売上,顧客\n2024-03-01,100,東京商事株式会社\n2024-03-02,250,大阪物産\n",
            "東京商事株式会社",
        ),
        (
            "big5.csv",
            encoding_rs::BIG5,
            "Big5",
            "訂單日期,銷售額,客戶名稱\n2024-03-01,100,台北貿易股份有限公司\n2024-03-02,250,高雄電子\n",
            "台北貿易股份有限公司",
        ),
    ] {
        let mut e = env();
        let r = e.import(&e.write(name, &encoded(text, encoding)));
        assert_eq!(r.encoding.as_deref(), Some(label), "{name}");
        assert_eq!(r.sheets[0].kind, RecordKind::Orders, "{name}");
        assert_eq!(
            e.rows("SELECT customer, revenue FROM orders ORDER BY source_row")[0],
            [customer, "100"],
            "{name}"
        );
        // The CJK headers were recognised, not reduced to nothing.
        let roles: Vec<Option<&str>> = r.sheets[0].columns.iter().map(|c| c.role.as_deref()).collect();
        assert_eq!(roles, [Some("order_date"), Some("revenue"), Some("customer")], "{name}");
    }
}

/// A deals sheet with the header and stage words of one language.
const DEALS_IN: &[(&str, &str, [&str; 3])] = &[
    (
        "de",
        "Erstellt am,Abschlussdatum,Phase,Betrag,Vertriebsmitarbeiter",
        ["Gewonnen", "Verloren", "Verhandlung"],
    ),
    (
        "fr",
        "Date de création,Date de clôture,Étape,Montant,Commercial",
        ["Gagné", "Perdu", "Négociation"],
    ),
    (
        "es",
        "Fecha de creación,Fecha de cierre,Etapa,Importe,Vendedor",
        ["Ganado", "Perdido", "Propuesta"],
    ),
    (
        "pt",
        "Data de criação,Data de fechamento,Etapa,Valor,Vendedor",
        ["Ganho", "Perdido", "Proposta"],
    ),
    (
        "it",
        "Data di creazione,Data di chiusura,Fase,Importo,Venditore",
        ["Vinto", "Perso", "Trattativa"],
    ),
    (
        "nl",
        "Aanmaakdatum,Sluitingsdatum,Verkoopfase,Bedrag,Verkoper",
        ["Gewonnen", "Verloren", "Offerte"],
    ),
    (
        "ja",
        "作成日,完了予定日,フェーズ,金額,担当者",
        ["受注", "失注", "提案"],
    ),
    (
        "zh",
        "创建日期,成交日期,销售阶段,金额,负责人",
        ["赢单", "输单", "谈判"],
    ),
    (
        "zh-tw",
        "建立日期,結案日期,銷售階段,金額,業務員",
        ["贏單", "輸單", "談判"],
    ),
];

#[test]
fn a_deals_header_in_each_language_imports_as_deals() {
    for (lang, header, [won, lost, open]) in DEALS_IN {
        let mut e = env();
        let text = format!(
            "{header}\n2024-01-05,2024-02-01,{won},1000,Ana\n2024-01-06,2024-02-03,{lost},500,Ben\n2024-01-07,,{open},700,Ana\n"
        );
        let r = e.import(&e.write(&format!("deals-{lang}.csv"), text.as_bytes()));
        let s = &r.sheets[0];
        assert_eq!(s.kind, RecordKind::Deals, "{lang}");
        assert!(
            s.unknown_stages.is_empty(),
            "{lang}: {:?}",
            s.unknown_stages
        );
        assert_eq!(
            e.rows("SELECT stage, amount, rep, close_date FROM deals ORDER BY source_row"),
            [
                ["won", "1000", "Ana", "2024-02-01"],
                ["lost", "500", "Ben", "2024-02-03"],
                ["open", "700", "Ana", "NULL"]
            ],
            "{lang}"
        );
    }
}

#[test]
fn crm_exports_are_recognised_and_named() {
    for (crm, header, row) in [
        (
            "Salesforce",
            "Opportunity Name,Account Name,Created Date,Close Date,Stage,Amount,Opportunity Owner",
            "Big deal,Acme,2024-01-05,2024-02-01,Closed Won,1000,Ana",
        ),
        (
            "Salesforce",
            "Name,Account.Name,CreatedDate,CloseDate,StageName,Amount,Owner.Name,Region__c",
            "Big deal,Acme,2024-01-05,2024-02-01,Closed Won,1000,Ana,East",
        ),
        (
            "HubSpot",
            "Deal Name,Deal Stage,Create Date,Close Date,Amount,Deal owner,Associated Company",
            "Big deal,Closed Won,2024-01-05,2024-02-01,1000,Ana,Acme",
        ),
        (
            "Pipedrive",
            "Deal - Title,Deal - Value,Deal - Status,Deal - Deal created,Deal - Won time,Deal - Owner",
            "Big deal,1000,won,2024-01-05,2024-02-01,Ana",
        ),
        (
            "Zoho CRM",
            "Potential Name,Potential Owner,Created Time,Closing Date,Amount,Stage",
            "Big deal,Ana,2024-01-05,2024-02-01,1000,Closed Won",
        ),
        (
            "Dynamics 365",
            "(Do Not Modify) Opportunity,Topic,Potential Customer,Created On,Est. Close Date,Est. Revenue,Status",
            "4f2a-01,Big deal,Acme,2024-01-05,2024-02-01,1000,Won",
        ),
        (
            "Odoo",
            "Opportunity,Customer,Created on,Expected Closing,Stage,Expected Revenue,Salesperson,Sales Team",
            "Big deal,Acme,2024-01-05,2024-02-01,Won,1000,Ana,Direct",
        ),
    ] {
        let mut e = env();
        let r = e.import(&e.write("export.csv", format!("{header}\n{row}\n").as_bytes()));
        let s = &r.sheets[0];
        assert_eq!(s.kind, RecordKind::Deals, "{header}");
        assert_eq!(s.notes, [format!("{crm} opportunity export")], "{header}");
        assert_eq!(
            e.rows("SELECT stage, amount, close_date FROM deals"),
            [["won", "1000", "2024-02-01"]],
            "{header}"
        );
    }
}

#[test]
fn dates_with_month_names_in_other_languages() {
    for (written, iso) in [
        ("15 Apr, 2021 00:02:00", "2021-04-15"),
        ("01 abr 2022", "2022-04-01"),
        ("10. März 2019", "2019-03-10"),
        ("3 janv. 2024", "2024-01-03"),
        ("2024年1月15日", "2024-01-15"),
    ] {
        let mut e = env();
        let text = format!("Order Date,Revenue\n\"{written}\",10\n\"{written}\",20\n");
        let r = e.import(&e.write("dates.csv", text.as_bytes()));
        assert_eq!(r.sheets[0].kind, RecordKind::Orders, "{written}");
        assert_eq!(
            e.one("SELECT min(order_date) FROM orders"),
            iso,
            "{written}"
        );
    }
}

#[test]
fn amounts_with_currency_codes_and_indian_grouping() {
    let mut e = env();
    let text = "Order Date,Revenue\n2024-03-01,\"1,234.50 USD\"\n2024-03-02,\"₹1,23,456\"\n2024-03-03,\"12,34,56,789.25\"\n";
    e.import(&e.write("money.csv", text.as_bytes()));
    assert_eq!(
        e.rows("SELECT revenue FROM orders ORDER BY source_row"),
        [["1234.5"], ["123456"], ["123456789.25"]]
    );
}

#[test]
fn orders_without_a_revenue_column_take_quantity_times_price() {
    let mut e = env();
    let text = "data_venda,produto,quantidade,vendedor,preco_unitario\n2024-03-01,Caneta,3,João,2.5\n2024-03-02,Caderno,2,Ana,10\n";
    let r = e.import(&e.write("vendas.csv", text.as_bytes()));
    assert_eq!(r.sheets[0].kind, RecordKind::Orders);
    assert_eq!(
        r.sheets[0].notes,
        ["no revenue column: each order's revenue is quantity (C \"quantidade\") × unit price (E \"preco_unitario\")"]
    );
    assert_eq!(
        e.rows("SELECT product, rep, revenue FROM orders ORDER BY source_row"),
        [["Caneta", "João", "7.5"], ["Caderno", "Ana", "20"]]
    );
    assert_eq!(count(&e.store, "SELECT count(*) FROM orders"), 2);
}

#[test]
fn a_target_column_beside_the_actuals_becomes_goals_when_asked() {
    let text = "Month,Region,Sales,Target Sales\n2024-01-01,East,900,1000\n2024-01-01,West,1200,1000\n2024-02-01,East,1100,1050\n";
    // Offered, not done, by default.
    let mut e = env();
    let r = e.import(&e.write("actuals.csv", text.as_bytes()));
    assert_eq!(r.sheets[0].kind, RecordKind::Orders);
    assert_eq!(
        r.sheets[0].notes,
        ["column D \"Target Sales\" holds targets: import them as total_revenue goals too with --with-targets (in the window: Also import the targets as goals)"]
    );
    assert_eq!(count(&e.store, "SELECT count(*) FROM goals"), 0);
    // Confirmed: the actuals are orders and the targets goals per month and region.
    let mut e = env();
    let opts = salescope_core::ImportOptions {
        with_targets: true,
        ..Default::default()
    };
    let r = e
        .import_with(&e.write("actuals.csv", text.as_bytes()), &opts)
        .unwrap();
    assert_eq!(
        r.sheets[0].notes,
        ["column D \"Target Sales\" holds targets: imported as total_revenue goals per month and segment"]
    );
    assert_eq!(e.one("SELECT sum(revenue) FROM orders"), "3200");
    let goals: Vec<String> = salescope_core::list_goals(e.store.conn())
        .unwrap()
        .iter()
        .map(|g| format!("{} {} {} {}", g.kpi, g.period, g.filter[0].value, g.target))
        .collect();
    assert_eq!(
        goals,
        [
            "total_revenue 2024-01 East 1000",
            "total_revenue 2024-01 West 1000",
            "total_revenue 2024-02 East 1050"
        ]
    );
    // Removing the dataset removes its goals.
    e.store.remove_dataset(r.sheets[0].dataset_id).unwrap();
    assert_eq!(count(&e.store, "SELECT count(*) FROM goals"), 0);
}

#[test]
fn months_as_columns_in_other_languages_are_a_report_not_records() {
    for (name, header) in [
        ("de.csv", "Vertriebsmitarbeiter,Januar,Februar,März,April"),
        ("fr.csv", "Commercial,janvier,février,mars,avril"),
        ("zh.csv", "城市,1月,2月,3月,4月"),
    ] {
        let mut e = env();
        let p = e.write(
            name,
            format!("{header}\nAna,10,20,30,40\nBen,5,6,7,8\n").as_bytes(),
        );
        let err = e.import_with(&p, &Default::default()).unwrap_err();
        assert_eq!(err.code, salescope_core::ErrorCode::NoTable, "{name}");
        assert_eq!(
            err.to_string(),
            format!("{name}: a report with months as columns (header row 1), not one record per row; export one row per order with its date instead")
        );
    }
}

#[test]
fn a_quota_sheet_sets_revenue_goals_unless_another_kpi_is_chosen() {
    let text = "Sales Rep,Month,Quota\nAna,Jan 2024,1000\nBen,01/2024,800\n";
    let goals = |e: &crate::common::Env| -> Vec<String> {
        salescope_core::list_goals(e.store.conn())
            .unwrap()
            .iter()
            .map(|g| format!("{} {} {} {}", g.kpi, g.period, g.filter[0].value, g.target))
            .collect()
    };
    let mut e = env();
    let r = e.import(&e.write("quota.csv", text.as_bytes()));
    assert_eq!(r.sheets[0].kind, RecordKind::Targets);
    assert_eq!(
        r.sheets[0].notes,
        ["a quota sheet without a KPI column: each target is a total_revenue goal for its segment and period"]
    );
    assert_eq!(
        goals(&e),
        [
            "total_revenue 2024-01 Ana 1000",
            "total_revenue 2024-01 Ben 800"
        ]
    );
    // Another KPI, as the wizard or --quota-kpi chooses it.
    let mut e = env();
    let opts = salescope_core::ImportOptions {
        quota_kpi: Some("deals_won".into()),
        ..Default::default()
    };
    e.import_with(&e.write("quota.csv", text.as_bytes()), &opts)
        .unwrap();
    assert_eq!(
        goals(&e),
        ["deals_won 2024-01 Ana 1000", "deals_won 2024-01 Ben 800"]
    );
    // A KPI the catalog does not have is refused, and nothing is written.
    let mut e = env();
    let opts = salescope_core::ImportOptions {
        quota_kpi: Some("revenue".into()),
        ..Default::default()
    };
    let err = e
        .import_with(&e.write("quota.csv", text.as_bytes()), &opts)
        .unwrap_err();
    assert_eq!(err.code, salescope_core::ErrorCode::InvalidArgument);
    assert!(
        err.to_string().contains("\"revenue\" is not a KPI id"),
        "{err}"
    );
    assert_eq!(count(&e.store, "SELECT count(*) FROM datasets"), 0);
}

/// Header names of one role in the languages and CRMs Salescope reads.
const CREATED: &[&str] = &[
    "Created Date",
    "CreatedDate",
    "Create Date",
    "Created Time",
    "Created On",
    "Erstellt am",
    "Date de création",
    "Fecha de creación",
    "Data de criação",
    "Data di creazione",
    "Aanmaakdatum",
    "作成日",
    "创建日期",
];
const CLOSED: &[&str] = &[
    "Close Date",
    "CloseDate",
    "Closing Date",
    "Expected Closing",
    "Est. Close Date",
    "Abschlussdatum",
    "Date de clôture",
    "Fecha de cierre",
    "Data de fechamento",
    "Data di chiusura",
    "Sluitingsdatum",
    "完了予定日",
    "成交日期",
];
const STAGE: &[&str] = &[
    "Stage",
    "StageName",
    "Deal Stage",
    "Phase",
    "Étape",
    "Etapa",
    "Fase",
    "Verkoopfase",
    "フェーズ",
    "销售阶段",
    "Deal - Status",
];
const AMOUNT: &[&str] = &[
    "Amount",
    "Deal - Value",
    "Est. Revenue",
    "Expected Revenue",
    "Estimated amount",
    "Betrag",
    "Montant",
    "Importe",
    "Valor",
    "Importo",
    "Bedrag",
    "金額",
    "金额",
];
const REP: &[&str] = &[
    "Rep",
    "Opportunity Owner",
    "Deal owner",
    "Potential Owner",
    "Salesperson",
    "Deal - Owner",
    "Vertriebsmitarbeiter",
    "Commercial",
    "Vendedor",
    "Venditore",
    "Verkoper",
    "担当者",
    "负责人",
];
/// Won, lost and open in each language.
const STAGE_WORDS: &[[&str; 3]] = &[
    ["Closed Won", "Closed Lost", "Negotiation"],
    ["Gewonnen", "Verloren", "Verhandlung"],
    ["Gagné", "Perdu", "Proposition"],
    ["Ganado", "Perdido", "Propuesta"],
    ["Ganho", "Perdido", "Proposta"],
    ["Vinto", "Perso", "Trattativa"],
    ["受注", "失注", "提案"],
    ["赢单", "输单", "谈判"],
    ["won", "lost", "open"],
];

/// The deals of the property test: (created, closed, outcome 0 won 1 lost 2 open, amount, rep).
const ROWS: &[(&str, &str, usize, u32, &str)] = &[
    ("2024-01-03", "2024-02-10", 0, 1200, "Ana"),
    ("2024-01-15", "2024-03-01", 1, 800, "Ben"),
    ("2024-02-02", "2024-03-20", 0, 3000, "Ana"),
    ("2024-02-20", "", 2, 1500, "Cleo"),
    ("2024-03-05", "2024-03-28", 0, 450, "Ben"),
    ("2024-03-11", "2024-03-30", 1, 900, "Cleo"),
];

/// The deals KPIs of 2024-Q1 for a deals sheet with these headers and stage words.
fn deal_kpis(headers: [&str; 5], words: [&str; 3]) -> Vec<(String, Option<f64>)> {
    let mut e = env();
    let mut text = headers.join(",") + "\n";
    for (created, closed, outcome, amount, rep) in ROWS {
        text += &format!("{created},{closed},{},{amount},{rep}\n", words[*outcome]);
    }
    let r = e.import(&e.write("deals.csv", text.as_bytes()));
    assert_eq!(r.sheets[0].kind, RecordKind::Deals, "{headers:?}");
    let ws = salescope_core::Workspace::load(&e.store).unwrap();
    let card = salescope_core::scorecard(
        &ws.context(),
        &salescope_core::Query {
            period: Some("2024-Q1".into()),
            ..Default::default()
        },
    )
    .unwrap();
    card.kpis
        .into_iter()
        .filter(|k| k.value.is_some())
        .map(|k| (k.id, k.value))
        .collect()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

    /// Renaming a deals sheet's headers into any of the vocabularies Salescope
    /// reads (a language, a CRM, or a mix of them) and its stage words into
    /// any language gives the same KPIs.
    #[test]
    fn renamed_headers_give_the_same_kpis(
        c in 0..CREATED.len(), d in 0..CLOSED.len(), s in 0..STAGE.len(),
        a in 0..AMOUNT.len(), r in 0..REP.len(), w in 0..STAGE_WORDS.len(),
    ) {
        let baseline = deal_kpis(["Created Date", "Close Date", "Stage", "Amount", "Rep"], STAGE_WORDS[0]);
        proptest::prop_assert!(baseline.iter().any(|(id, v)| id == "total_revenue" && *v == Some(4650.0)));
        let renamed = deal_kpis([CREATED[c], CLOSED[d], STAGE[s], AMOUNT[a], REP[r]], STAGE_WORDS[w]);
        proptest::prop_assert_eq!(renamed, baseline);
    }
}
