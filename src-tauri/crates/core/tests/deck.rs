//! The meeting deck: its slides, titles, notes and alt text from the sample;
//! the same bytes on a second run; a filtered deck against the whole one; a
//! PowerPoint package whose parts, content types and relationships hold
//! together; and both files opened by real clients (LibreOffice Impress and
//! poppler) when they are installed (CI installs them and sets
//! SALESCOPE_REQUIRE_OFFICE=1, so there they must run).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;
use std::process::Command;

use salescope_core::internals::deck::{build, SlideBody};
use salescope_core::{
    deck_file, kpi_def, parse_date, parse_filter, scorecard, set_setting, DeckFormat, Query,
    Workspace,
};

use crate::common::sample_store;

const FOCUS: [&str; 3] = ["total_revenue", "win_rate", "new_leads"];

fn query(filter: &[&str]) -> Query {
    Query {
        period: Some("2025-Q4".into()),
        filter: parse_filter(filter).unwrap(),
        by: None,
        today: Some(parse_date("2026-01-15").unwrap()),
    }
}

/// The parts of a zip, by name.
fn parts(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.insert(f.name().unwrap().to_string(), data);
    }
    out
}

fn text(parts: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(parts[name].clone()).unwrap()
}

/// The values of `attr="..."` in an XML text, unescaped.
fn attrs(xml: &str, attr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let key = format!(" {attr}=\"");
    let mut rest = xml;
    while let Some(i) = rest.find(&key) {
        rest = &rest[i + key.len()..];
        let end = rest.find('"').unwrap();
        out.push(unescape(&rest[..end]));
        rest = &rest[end..];
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The runs of text (`<a:t>`) of an XML part, in order.
fn runs(xml: &str) -> Vec<String> {
    xml.split("<a:t>")
        .skip(1)
        .map(|s| unescape(&s[..s.find("</a:t>").unwrap()]))
        .collect()
}

#[test]
fn the_sample_deck_has_a_slide_per_focus_kpi_with_its_definition_in_the_notes() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    set_setting(store.conn(), "focus", &FOCUS.join(",")).unwrap();
    let ws = Workspace::load(&store).unwrap();
    let ctx = ws.context();
    let d = build(&ctx, &query(&[]), &mut |_, _| true).unwrap();
    let titles: Vec<&str> = d.slides.iter().map(|s| s.title.as_str()).collect();
    let names: Vec<&str> = FOCUS.iter().map(|id| kpi_def(id).unwrap().name).collect();
    // Cover, summary, the three focus KPIs in the order chosen, then the
    // funnel, the revenue leaderboard by rep and the outlook.
    assert_eq!(titles.len(), 2 + 3 + 3, "{titles:?}");
    assert_eq!(titles[..2], ["Sales review", "Summary"]);
    assert_eq!(titles[2..5], names[..]);
    assert_eq!(titles[5], "Funnel");
    assert!(titles[6].contains("by rep"), "{}", titles[6]);
    assert_eq!(titles[7], "Outlook");
    assert!(matches!(d.slides[0].body, SlideBody::Cover { .. }));
    assert_eq!(d.title, "Sales review 2025-Q4");

    let bytes = deck_file(&ctx, &query(&[]), DeckFormat::Pptx, &mut |_, _| true).unwrap();
    let p = parts(&bytes);
    for (i, id) in FOCUS.iter().enumerate() {
        let def = kpi_def(id).unwrap();
        let k = i + 3;
        let slide = text(&p, &format!("ppt/slides/slide{k}.xml"));
        assert_eq!(runs(&slide), [def.name]);
        // The picture's alt text: the KPI, its value, goal and status.
        let alt = &attrs(&slide, "descr")[0];
        assert!(alt.starts_with(&format!("{}: ", def.name)), "{alt}");
        assert!(alt.contains(", goal "), "{alt}");
        let notes = runs(&text(&p, &format!("ppt/notesSlides/notesSlide{k}.xml")));
        let formula = def.default_variant().formula;
        assert!(
            notes[0].starts_with(&format!("{}: ", def.name)) && notes[0].contains(formula),
            "{notes:?} lacks {formula}"
        );
        assert!(notes[2].starts_with("Why it moved: "), "{notes:?}");
    }
    // The cover's notes name the period and the segment.
    let cover = runs(&text(&p, "ppt/notesSlides/notesSlide1.xml"));
    assert_eq!(
        cover,
        [
            "Sales review of 2025-Q4 (1 Oct 2025 – 31 Dec 2025).",
            "Segment: All segments.",
            "Data through 31 Dec 2025. Made with Salescope."
        ]
    );
}

#[test]
fn by_default_the_focus_is_every_kpi_with_a_goal_and_the_files_are_the_same_bytes_again() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    let ws = Workspace::load(&store).unwrap();
    let ctx = ws.context();
    let q = query(&[]);
    let card = scorecard(&ctx, &q).unwrap();
    let with_goal: Vec<&str> = card
        .kpis
        .iter()
        .filter(|k| k.goal.is_some())
        .map(|k| k.name.as_str())
        .collect();
    assert!(with_goal.len() >= 5, "{with_goal:?}");
    let d = build(&ctx, &q, &mut |_, _| true).unwrap();
    let kpi_titles: Vec<&str> = d
        .slides
        .iter()
        .filter(|s| matches!(s.body, SlideBody::Kpi(_)))
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(kpi_titles, with_goal);
    assert_eq!(d.slides.len(), 2 + with_goal.len() + 3);
    for format in [DeckFormat::Pptx, DeckFormat::Pdf] {
        let a = deck_file(&ctx, &q, format, &mut |_, _| true).unwrap();
        let b = deck_file(&ctx, &q, format, &mut |_, _| true).unwrap();
        assert!(a == b, "{format:?}: a second run wrote other bytes");
    }
}

#[test]
fn a_filtered_deck_names_its_segment_and_shows_its_own_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    set_setting(store.conn(), "focus", "total_revenue").unwrap();
    let ws = Workspace::load(&store).unwrap();
    let ctx = ws.context();
    let deck = |f: &[&str]| {
        parts(&deck_file(&ctx, &query(f), DeckFormat::Pptx, &mut |_, _| true).unwrap())
    };
    let (all, east) = (deck(&[]), deck(&["region=East"]));
    let cover = runs(&text(&east, "ppt/notesSlides/notesSlide1.xml"));
    assert_eq!(cover[1], "Segment: region: East.");
    // The revenue slide: the whole company's value against East's, each as
    // its own scorecard computes it.
    let value = |f: &[&str]| {
        let card = scorecard(&ctx, &query(f)).unwrap();
        let k = card.kpis.iter().find(|k| k.id == "total_revenue").unwrap();
        salescope_core::format_value(k.unit, k.value.unwrap(), ctx.currency())
    };
    let alt = |p: &BTreeMap<String, Vec<u8>>| {
        attrs(&text(p, "ppt/slides/slide3.xml"), "descr")[0].clone()
    };
    assert!(
        alt(&all).starts_with(&format!("Total sales revenue: {},", value(&[]))),
        "{}",
        alt(&all)
    );
    assert!(
        alt(&east).starts_with(&format!(
            "Total sales revenue: {},",
            value(&["region=East"])
        )),
        "{}",
        alt(&east)
    );
    assert_ne!(value(&[]), value(&["region=East"]));
    // The pictures differ; the package's structure does not.
    assert_ne!(all["ppt/media/slide3.png"], east["ppt/media/slide3.png"]);
    let names = |p: &BTreeMap<String, Vec<u8>>| p.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&all), names(&east));
}

#[test]
fn progress_says_preparing_then_counts_the_slides_and_cancel_stops_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    set_setting(store.conn(), "focus", "total_revenue,win_rate").unwrap();
    let ws = Workspace::load(&store).unwrap();
    let ctx = ws.context();
    let mut seen = Vec::new();
    deck_file(&ctx, &query(&[]), DeckFormat::Pptx, &mut |done, total| {
        seen.push((done, total));
        true
    })
    .unwrap();
    // Gathering has no count yet; then each of the 7 slides, in order.
    let first_count = seen.iter().position(|p| *p != (0, 0)).unwrap();
    assert!(first_count >= 2, "{seen:?}");
    assert_eq!(
        seen[first_count..],
        (0..=7).map(|k| (k, 7)).collect::<Vec<_>>()[..]
    );
    // Cancelled while writing: an error, and no more calls.
    for format in [DeckFormat::Pptx, DeckFormat::Pdf] {
        let mut calls = Vec::new();
        let e = deck_file(&ctx, &query(&[]), format, &mut |done, total| {
            calls.push((done, total));
            done < 3
        })
        .unwrap_err();
        assert_eq!(e.message, "the deck was cancelled; no file was written");
        assert_eq!(calls.last(), Some(&(3, 7)), "{format:?}");
    }
    // Cancelled while gathering.
    let mut calls = 0;
    let e = deck_file(&ctx, &query(&[]), DeckFormat::Pdf, &mut |_, _| {
        calls += 1;
        false
    })
    .unwrap_err();
    assert_eq!(e.message, "the deck was cancelled; no file was written");
    assert_eq!(calls, 1);
}

#[test]
fn a_view_without_an_outlook_gives_a_deck_without_one() {
    // Leads carry a source; deals do not: a view of one source has no
    // outlook, and the deck goes without it (and without its sentence).
    let mut e = crate::common::env();
    let deals = e.write(
        "deals.csv",
        b"Deal ID,Created Date,Close Date,Stage,Amount,Rep\nD1,2024-01-05,2024-02-10,Closed Won,1000,Ann\nD2,2024-02-01,2024-03-20,Closed Won,2500,Bob\nD3,2024-02-11,2024-04-20,Negotiation,4000,Ann\n",
    );
    let leads = e.write(
        "leads.csv",
        b"Lead ID,Created Date,Source\nL1,2024-01-03,Web\nL2,2024-02-07,Event\nL3,2024-03-09,Web\n",
    );
    e.import(&deals);
    e.import(&leads);
    set_setting(e.store.conn(), "focus", "new_leads").unwrap();
    let ws = Workspace::load(&e.store).unwrap();
    let ctx = ws.context();
    let q = |f: &[&str]| Query {
        period: Some("2024-Q1".into()),
        filter: parse_filter(f).unwrap(),
        by: None,
        today: Some(parse_date("2024-04-15").unwrap()),
    };
    let titles = |f: &[&str]| -> Vec<String> {
        build(&ctx, &q(f), &mut |_, _| true)
            .unwrap()
            .slides
            .iter()
            .map(|s| s.title.clone())
            .collect()
    };
    let all = titles(&[]);
    assert_eq!(all.last().map(String::as_str), Some("Outlook"), "{all:?}");
    let web = titles(&["source=Web"]);
    assert_eq!(web[..3], ["Sales review", "Summary", "New leads"]);
    assert!(!web.iter().any(|t| t == "Outlook"), "{web:?}");
    let d = build(&ctx, &q(&["source=Web"]), &mut |_, _| true).unwrap();
    let SlideBody::Summary { lines, .. } = &d.slides[1].body else {
        panic!("no summary");
    };
    assert!(!lines.iter().any(|l| l.starts_with("Outlook")), "{lines:?}");
}

#[test]
fn text_with_markup_characters_comes_back_whole_from_the_powerpoint_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    set_setting(store.conn(), "focus", "total_revenue").unwrap();
    let everyone = parse_filter::<&str>(&[]).unwrap();
    salescope_core::add_note(
        store.conn(),
        salescope_core::parse_note_days("2025-11-03").unwrap(),
        "R&D <\"East\"> 'x'\u{1} & more",
        None,
        &everyone,
        None,
    )
    .unwrap();
    let ws = Workspace::load(&store).unwrap();
    let bytes = deck_file(&ws.context(), &query(&[]), DeckFormat::Pptx, &mut |_, _| {
        true
    })
    .unwrap();
    let p = parts(&bytes);
    let notes = runs(&text(&p, "ppt/notesSlides/notesSlide3.xml"));
    assert!(
        notes.contains(&"Note (1) 3 Nov 2025: R&D <\"East\"> 'x' & more".to_string()),
        "{notes:?}"
    );
    let xml = text(&p, "ppt/notesSlides/notesSlide3.xml");
    assert!(xml.contains("R&amp;D &lt;&quot;East&quot;&gt; &apos;x&apos; &amp; more"));
}

/// The rules of Open Packaging and PresentationML that decide whether an
/// application opens the file: every part is well-formed XML (or a PNG), has
/// a content type, every relationship points at a part that exists, every
/// slide has its notes page, which points back at it and at the notes
/// master, and the presentation lists the masters and each slide once.
#[test]
fn the_powerpoint_package_holds_together() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    set_setting(store.conn(), "focus", "win_rate,total_revenue").unwrap();
    let ws = Workspace::load(&store).unwrap();
    let bytes = deck_file(&ws.context(), &query(&[]), DeckFormat::Pptx, &mut |_, _| {
        true
    })
    .unwrap();
    let p = parts(&bytes);
    let names: Vec<&String> = p.keys().collect();
    // Content types: a Default for each extension or an Override per part.
    let types = text(&p, "[Content_Types].xml");
    let defaults: BTreeSet<String> = attrs(&types, "Extension").into_iter().collect();
    let overrides: BTreeSet<String> = attrs(&types, "PartName").into_iter().collect();
    for o in &overrides {
        assert!(
            p.contains_key(&o[1..]),
            "an Override names {o}, which is not in the package"
        );
    }
    for name in &names {
        if name.as_str() == "[Content_Types].xml" {
            continue;
        }
        let ext = name.rsplit('.').next().unwrap();
        assert!(
            overrides.contains(&format!("/{name}")) || defaults.contains(ext),
            "{name} has no content type"
        );
        if ext == "png" {
            assert_eq!(&p[*name][..8], b"\x89PNG\r\n\x1a\n");
            continue;
        }
        // Well-formed XML.
        let mut r = quick_xml::Reader::from_reader(&p[*name][..]);
        let mut buf = Vec::new();
        loop {
            match r.read_event_into(&mut buf) {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(quick_xml::events::Event::Start(t) | quick_xml::events::Event::Empty(t)) => {
                    for a in t.attributes() {
                        let a = a.unwrap_or_else(|e| panic!("{name}: a bad attribute: {e}"));
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .unwrap_or_else(|e| panic!("{name}: a bad attribute value: {e}"));
                    }
                }
                // Only the five predefined entities are written.
                Ok(quick_xml::events::Event::GeneralRef(r)) => {
                    let r = AsRef::<str>::as_ref(&r).to_string();
                    assert!(
                        ["amp", "lt", "gt", "quot", "apos"].contains(&r.as_str()),
                        "{name}: &{r};"
                    );
                }
                Ok(_) => {}
                Err(e) => panic!("{name} is not well-formed: {e}"),
            }
            buf.clear();
        }
    }
    for part in [
        "/ppt/presentation.xml",
        "/ppt/slideMasters/slideMaster1.xml",
        "/ppt/slideLayouts/slideLayout1.xml",
        "/ppt/notesMasters/notesMaster1.xml",
        "/ppt/theme/theme1.xml",
        "/ppt/theme/theme2.xml",
    ] {
        assert!(overrides.contains(part), "{part} has no Override");
    }
    // Relationships: each target exists, resolved against its source part.
    let mut targets: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for name in names.iter().filter(|n| n.ends_with(".rels")) {
        let xml = text(&p, name);
        let source_dir = {
            let source = name
                .replace("_rels/", "")
                .trim_end_matches(".rels")
                .to_string();
            Path::new(&source)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
        };
        let kinds = attrs(&xml, "Type");
        for (t, kind) in attrs(&xml, "Target").into_iter().zip(kinds) {
            let mut path = source_dir.clone();
            for seg in t.split('/') {
                if seg == ".." {
                    path.pop();
                } else {
                    path.push(seg);
                }
            }
            let resolved = path.to_string_lossy().to_string();
            assert!(
                p.contains_key(&resolved),
                "{name} points at {t}, which is not in the package"
            );
            let kind = kind.rsplit('/').next().unwrap().to_string();
            targets
                .entry(name.to_string())
                .or_default()
                .push((kind, resolved));
        }
    }
    let rel = |source: &str, kind: &str| -> Vec<String> {
        let (dir, file) = source.rsplit_once('/').unwrap_or(("", source));
        let rels = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        targets
            .get(&rels)
            .map(|v| {
                v.iter()
                    .filter(|(k, _)| k == kind)
                    .map(|(_, t)| t.clone())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(rel("", "officeDocument"), ["ppt/presentation.xml"]);
    let pres = text(&p, "ppt/presentation.xml");
    assert!(
        pres.contains("<p:notesMasterIdLst><p:notesMasterId r:id="),
        "{pres}"
    );
    assert!(pres.contains("<p:sldSz cx=\"12192000\" cy=\"6858000\"/>"));
    let slides = rel("ppt/presentation.xml", "slide");
    assert_eq!(slides.len(), 2 + 2 + 3);
    assert_eq!(attrs(&pres, "r:id").len(), 1 + 1 + slides.len());
    assert_eq!(
        rel("ppt/presentation.xml", "notesMaster"),
        ["ppt/notesMasters/notesMaster1.xml"]
    );
    assert_eq!(
        rel("ppt/notesMasters/notesMaster1.xml", "theme"),
        ["ppt/theme/theme2.xml"]
    );
    for (i, s) in slides.iter().enumerate() {
        assert_eq!(s, &format!("ppt/slides/slide{}.xml", i + 1));
        assert_eq!(rel(s, "slideLayout"), ["ppt/slideLayouts/slideLayout1.xml"]);
        assert_eq!(rel(s, "image"), [format!("ppt/media/slide{}.png", i + 1)]);
        let notes = rel(s, "notesSlide");
        assert_eq!(notes, [format!("ppt/notesSlides/notesSlide{}.xml", i + 1)]);
        assert_eq!(rel(&notes[0], "slide"), std::slice::from_ref(s));
        assert_eq!(
            rel(&notes[0], "notesMaster"),
            ["ppt/notesMasters/notesMaster1.xml"]
        );
    }
}

/// A tool on the PATH, or None (with a message) when it is not installed;
/// CI requires it.
fn tool(name: &str) -> Option<()> {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some(());
    }
    assert!(
        std::env::var_os("SALESCOPE_REQUIRE_OFFICE").is_none(),
        "{name} is not installed, and SALESCOPE_REQUIRE_OFFICE is set: `bash .ci/setup` installs it"
    );
    eprintln!("SKIPPED: {name} is not installed (libreoffice-impress, poppler-utils); the deck was not opened by a real client");
    None
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn pages(pdf: &Path) -> usize {
    let info = run(Command::new("pdfinfo").arg(pdf));
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn libreoffice_and_poppler_open_the_deck() {
    if tool("soffice").is_none() || tool("pdfinfo").is_none() || tool("pdftotext").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    set_setting(store.conn(), "focus", &FOCUS.join(",")).unwrap();
    let ws = Workspace::load(&store).unwrap();
    let ctx = ws.context();
    let q = query(&["region=East"]);
    let pdf = dir.path().join("deck.pdf");
    let pptx = dir.path().join("deck.pptx");
    std::fs::write(
        &pdf,
        deck_file(&ctx, &q, DeckFormat::Pdf, &mut |_, _| true).unwrap(),
    )
    .unwrap();
    std::fs::write(
        &pptx,
        deck_file(&ctx, &q, DeckFormat::Pptx, &mut |_, _| true).unwrap(),
    )
    .unwrap();
    let slides = build(&ctx, &q, &mut |_, _| true).unwrap().slides.len();
    assert_eq!(slides, 2 + FOCUS.len() + 3);
    // Our PDF: a page per slide, its text searchable.
    let n = pages(&pdf);
    assert_eq!(n, slides);
    let words = run(Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-"));
    for id in FOCUS {
        assert!(
            words.contains(kpi_def(id).unwrap().name),
            "the PDF's text lacks {id}"
        );
    }
    assert!(
        words.contains("2025-Q4 (1 Oct 2025 – 31 Dec 2025) · region: East"),
        "{words}"
    );
    assert!(words.contains("region: East"));
    // Impress converts the PowerPoint file: a page per slide, the titles as text.
    let profile = dir.path().join("lo-profile");
    run(Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path().join("lo"))
        .arg(&pptx));
    let converted = dir.path().join("lo").join("deck.pdf");
    assert_eq!(pages(&converted), n);
    let titles = run(Command::new("pdftotext").arg(&converted).arg("-"));
    for t in ["Sales review", "Summary", "Funnel", "Outlook"] {
        assert!(titles.contains(t), "Impress's PDF lacks the title {t}");
    }
    for id in FOCUS {
        assert!(
            titles.contains(kpi_def(id).unwrap().name),
            "Impress's PDF lacks {id}"
        );
    }
}
