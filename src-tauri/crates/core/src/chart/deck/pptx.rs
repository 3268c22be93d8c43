//! The deck as a PowerPoint file: a minimal PresentationML package written
//! with the zip and XML crates. Each slide is the renderer's picture of the
//! slide (PNG, with alt text) under its title as a text placeholder, and has
//! a notes page with the speaker notes. One slide master, one layout (title
//! only), a notes master and their themes: what PowerPoint, Keynote, Google
//! Slides and LibreOffice Impress need to open it. The zip's entries carry a
//! fixed date and the core properties none: the same deck gives the same
//! bytes.

use std::io::Write;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::{check, slide_svg, Deck, SLIDE};
use crate::chart::draw::{TITLE_BOX, TITLE_SIZE};
use crate::chart::{png, PngInfo};
use crate::error::{Error, ErrorCode, Result};

/// The slide in EMU (English Metric Units): 13.333 × 7.5 in.
const SLIDE_EMU: (i64, i64) = (12_192_000, 6_858_000);
/// A portrait notes page: 7.5 × 10 in.
const NOTES_EMU: (i64, i64) = (6_858_000, 9_144_000);

const NS_A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_P: &str = "http://schemas.openxmlformats.org/presentationml/2006/main";
const NS_RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const CT: &str = "application/vnd.openxmlformats-officedocument";
const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Layout pixels to EMU.
fn emu(px: f64) -> i64 {
    (px * SLIDE_EMU.0 as f64 / SLIDE.0 as f64).round() as i64
}

/// Text for an XML attribute or element: escaped, without the control
/// characters XML cannot hold.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A part's relationships: (id, type — a name under the officeDocument
/// namespace or a whole URI —, target).
fn rels(items: &[(&str, &str, &str)]) -> String {
    let mut s = format!("{HEAD}<Relationships xmlns=\"{NS_RELS}\">");
    for (id, kind, target) in items {
        let kind = if kind.starts_with("http") {
            kind.to_string()
        } else {
            format!("{REL}/{kind}")
        };
        s += &format!(
            "<Relationship Id=\"{id}\" Type=\"{kind}\" Target=\"{}\"/>",
            esc(target)
        );
    }
    s + "</Relationships>"
}

fn root(tag: &str, attrs: &str, body: &str) -> String {
    format!("{HEAD}<{tag} xmlns:a=\"{NS_A}\" xmlns:r=\"{NS_R}\" xmlns:p=\"{NS_P}\"{attrs}>{body}</{tag}>")
}

/// The group shape every shape tree starts with.
const TREE_START: &str = "<p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/><a:chOff x=\"0\" y=\"0\"/><a:chExt cx=\"0\" cy=\"0\"/></a:xfrm></p:grpSpPr>";

fn xfrm(x: i64, y: i64, w: i64, h: i64) -> String {
    format!("<a:xfrm><a:off x=\"{x}\" y=\"{y}\"/><a:ext cx=\"{w}\" cy=\"{h}\"/></a:xfrm>")
}

/// A placeholder shape (`title`, `body` ...) with a box and paragraphs.
fn placeholder(id: u32, name: &str, ph: &str, xf: &str, paras: &str) -> String {
    format!(
        "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{name}\"/><p:cNvSpPr><a:spLocks noGrp=\"1\"/></p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr><p:spPr>{xf}</p:spPr><p:txBody><a:bodyPr/><a:lstStyle/>{paras}</p:txBody></p:sp>"
    )
}

const EMPTY_PARA: &str = "<a:p><a:endParaRPr lang=\"en-US\"/></a:p>";

/// The title's box on the slide, where the picture leaves room for it.
fn title_box() -> String {
    let (x, y, w, h) = TITLE_BOX;
    xfrm(emu(x), emu(y), emu(w), emu(h))
}

/// The title as a run: the picture's font and size (layout px at 1920 wide
/// are half a point), in its ink colour.
fn title_para(text: &str) -> String {
    let pt100 = (TITLE_SIZE * 0.5 * 100.0).round() as i64;
    format!(
        "<a:p><a:r><a:rPr lang=\"en-US\" sz=\"{pt100}\" b=\"1\" dirty=\"0\"><a:solidFill><a:srgbClr val=\"1F2937\"/></a:solidFill><a:latin typeface=\"Inter\"/><a:cs typeface=\"Inter\"/></a:rPr><a:t>{}</a:t></a:r></a:p>",
        esc(text)
    )
}

fn theme(name: &str) -> String {
    let colors = [
        ("dk1", "<a:sysClr val=\"windowText\" lastClr=\"000000\"/>"),
        ("lt1", "<a:sysClr val=\"window\" lastClr=\"FFFFFF\"/>"),
        ("dk2", "<a:srgbClr val=\"1F2937\"/>"),
        ("lt2", "<a:srgbClr val=\"F4F6F9\"/>"),
        ("accent1", "<a:srgbClr val=\"1E40AF\"/>"),
        ("accent2", "<a:srgbClr val=\"15803D\"/>"),
        ("accent3", "<a:srgbClr val=\"D97706\"/>"),
        ("accent4", "<a:srgbClr val=\"DC2626\"/>"),
        ("accent5", "<a:srgbClr val=\"6B7280\"/>"),
        ("accent6", "<a:srgbClr val=\"C7D7FB\"/>"),
        ("hlink", "<a:srgbClr val=\"1E40AF\"/>"),
        ("folHlink", "<a:srgbClr val=\"6B21A8\"/>"),
    ];
    let mut clr = String::from("<a:clrScheme name=\"Salescope\">");
    for (n, v) in colors {
        clr += &format!("<a:{n}>{v}</a:{n}>");
    }
    clr += "</a:clrScheme>";
    let font = |kind: &str| {
        format!("<a:{kind}><a:latin typeface=\"Inter\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/></a:{kind}>")
    };
    let fonts = format!(
        "<a:fontScheme name=\"Salescope\">{}{}</a:fontScheme>",
        font("majorFont"),
        font("minorFont")
    );
    let fill = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>";
    let line = |w: u32| {
        format!("<a:ln w=\"{w}\" cap=\"flat\" cmpd=\"sng\" algn=\"ctr\">{fill}<a:prstDash val=\"solid\"/></a:ln>")
    };
    let fmt = format!(
        "<a:fmtScheme name=\"Salescope\"><a:fillStyleLst>{fill}{fill}{fill}</a:fillStyleLst><a:lnStyleLst>{}{}{}</a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst>{fill}{fill}{fill}</a:bgFillStyleLst></a:fmtScheme>",
        line(6350),
        line(12700),
        line(19050)
    );
    format!(
        "{HEAD}<a:theme xmlns:a=\"{NS_A}\" name=\"{name}\"><a:themeElements>{clr}{fonts}{fmt}</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    )
}

const CLR_MAP: &str = "<p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/>";

fn text_style(tag: &str, size_pt: u32) -> String {
    format!(
        "<p:{tag}><a:lvl1pPr><a:defRPr sz=\"{}\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill><a:latin typeface=\"+mn-lt\"/></a:defRPr></a:lvl1pPr></p:{tag}>",
        size_pt * 100
    )
}

fn slide_master() -> String {
    let body = format!(
        "<p:cSld><p:bg><p:bgRef idx=\"1001\"><a:schemeClr val=\"bg1\"/></p:bgRef></p:bg><p:spTree>{TREE_START}{}</p:spTree></p:cSld>{CLR_MAP}<p:sldLayoutIdLst><p:sldLayoutId id=\"2147483649\" r:id=\"rId1\"/></p:sldLayoutIdLst><p:txStyles>{}{}{}</p:txStyles>",
        placeholder(2, "Title Placeholder 1", "<p:ph type=\"title\"/>", &title_box(), EMPTY_PARA),
        text_style("titleStyle", 26),
        text_style("bodyStyle", 18),
        text_style("otherStyle", 14)
    );
    root("p:sldMaster", "", &body)
}

fn slide_layout() -> String {
    let body = format!(
        "<p:cSld name=\"Title Only\"><p:spTree>{TREE_START}{}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr>",
        placeholder(2, "Title 1", "<p:ph type=\"title\"/>", "", EMPTY_PARA)
    );
    root("p:sldLayout", " type=\"titleOnly\" preserve=\"1\"", &body)
}

/// Where a notes page shows the slide and the notes.
fn notes_boxes() -> (String, String) {
    let (w, h) = NOTES_EMU;
    let img_w = w - 2 * 685_800;
    let img_h = img_w * SLIDE_EMU.1 / SLIDE_EMU.0;
    (
        xfrm(685_800, 685_800, img_w, img_h),
        xfrm(
            685_800,
            685_800 + img_h + 457_200,
            img_w,
            h - img_h - 2 * 685_800 - 457_200,
        ),
    )
}

fn slide_image_shape(id: u32, xf: &str) -> String {
    format!(
        "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"Slide Image\"/><p:cNvSpPr><a:spLocks noGrp=\"1\" noRot=\"1\" noChangeAspect=\"1\"/></p:cNvSpPr><p:nvPr><p:ph type=\"sldImg\"/></p:nvPr></p:nvSpPr><p:spPr>{xf}</p:spPr></p:sp>"
    )
}

fn notes_master() -> String {
    let (img, body) = notes_boxes();
    let tree = format!(
        "{TREE_START}{}{}",
        slide_image_shape(
            2,
            &format!("{img}<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom><a:noFill/>")
        ),
        placeholder(
            3,
            "Notes Placeholder 2",
            "<p:ph type=\"body\" idx=\"1\"/>",
            &body,
            EMPTY_PARA
        )
    );
    let body = format!(
        "<p:cSld><p:bg><p:bgRef idx=\"1001\"><a:schemeClr val=\"bg1\"/></p:bgRef></p:bg><p:spTree>{tree}</p:spTree></p:cSld>{CLR_MAP}<p:notesStyle><a:lvl1pPr><a:defRPr sz=\"1200\"><a:solidFill><a:schemeClr val=\"tx1\"/></a:solidFill><a:latin typeface=\"+mn-lt\"/></a:defRPr></a:lvl1pPr></p:notesStyle>"
    );
    root("p:notesMaster", "", &body)
}

fn slide_xml(title: &str, alt: &str) -> String {
    let (w, h) = SLIDE_EMU;
    let pic = format!(
        "<p:pic><p:nvPicPr><p:cNvPr id=\"2\" name=\"Slide picture\" descr=\"{}\"/><p:cNvPicPr><a:picLocks noChangeAspect=\"1\"/></p:cNvPicPr><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed=\"rId2\"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>{}<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr></p:pic>",
        esc(alt),
        xfrm(0, 0, w, h)
    );
    let title = placeholder(3, "Title", "<p:ph type=\"title\"/>", &title_box(), &title_para(title))
        .replace("<a:bodyPr/>", "<a:bodyPr lIns=\"0\" tIns=\"0\" rIns=\"0\" bIns=\"0\" anchor=\"b\"><a:normAutofit/></a:bodyPr>");
    root(
        "p:sld",
        "",
        &format!("<p:cSld><p:spTree>{TREE_START}{pic}{title}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr>"),
    )
}

fn notes_xml(lines: &[String]) -> String {
    let (img, body) = notes_boxes();
    let paras: String = if lines.is_empty() {
        EMPTY_PARA.to_string()
    } else {
        lines
            .iter()
            .map(|l| {
                format!(
                    "<a:p><a:r><a:rPr lang=\"en-US\" dirty=\"0\"/><a:t>{}</a:t></a:r></a:p>",
                    esc(l)
                )
            })
            .collect()
    };
    let tree = format!(
        "{TREE_START}{}{}",
        slide_image_shape(2, &img),
        placeholder(
            3,
            "Notes Placeholder 2",
            "<p:ph type=\"body\" idx=\"1\"/>",
            &body,
            &paras
        )
    );
    root(
        "p:notes",
        "",
        &format!("<p:cSld><p:spTree>{tree}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr>"),
    )
}

fn content_types(n: usize) -> String {
    let mut s = format!(
        "{HEAD}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"png\" ContentType=\"image/png\"/>"
    );
    let mut over = |part: &str, kind: &str| {
        s += &format!("<Override PartName=\"{part}\" ContentType=\"{kind}\"/>");
    };
    over(
        "/ppt/presentation.xml",
        &format!("{CT}.presentationml.presentation.main+xml"),
    );
    over(
        "/ppt/slideMasters/slideMaster1.xml",
        &format!("{CT}.presentationml.slideMaster+xml"),
    );
    over(
        "/ppt/slideLayouts/slideLayout1.xml",
        &format!("{CT}.presentationml.slideLayout+xml"),
    );
    over(
        "/ppt/notesMasters/notesMaster1.xml",
        &format!("{CT}.presentationml.notesMaster+xml"),
    );
    over("/ppt/theme/theme1.xml", &format!("{CT}.theme+xml"));
    over("/ppt/theme/theme2.xml", &format!("{CT}.theme+xml"));
    over(
        "/ppt/presProps.xml",
        &format!("{CT}.presentationml.presProps+xml"),
    );
    over(
        "/ppt/viewProps.xml",
        &format!("{CT}.presentationml.viewProps+xml"),
    );
    over(
        "/ppt/tableStyles.xml",
        &format!("{CT}.presentationml.tableStyles+xml"),
    );
    over(
        "/docProps/core.xml",
        "application/vnd.openxmlformats-package.core-properties+xml",
    );
    over(
        "/docProps/app.xml",
        &format!("{CT}.extended-properties+xml"),
    );
    for i in 1..=n {
        over(
            &format!("/ppt/slides/slide{i}.xml"),
            &format!("{CT}.presentationml.slide+xml"),
        );
        over(
            &format!("/ppt/notesSlides/notesSlide{i}.xml"),
            &format!("{CT}.presentationml.notesSlide+xml"),
        );
    }
    s + "</Types>"
}

fn presentation(n: usize) -> String {
    let slides: String = (0..n)
        .map(|i| format!("<p:sldId id=\"{}\" r:id=\"rId{}\"/>", 256 + i, 10 + i))
        .collect();
    root(
        "p:presentation",
        " saveSubsetFonts=\"1\"",
        &format!(
            "<p:sldMasterIdLst><p:sldMasterId id=\"2147483648\" r:id=\"rId1\"/></p:sldMasterIdLst><p:notesMasterIdLst><p:notesMasterId r:id=\"rId2\"/></p:notesMasterIdLst><p:sldIdLst>{slides}</p:sldIdLst><p:sldSz cx=\"{}\" cy=\"{}\"/><p:notesSz cx=\"{}\" cy=\"{}\"/>",
            SLIDE_EMU.0, SLIDE_EMU.1, NOTES_EMU.0, NOTES_EMU.1
        ),
    )
}

fn write_error(e: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorCode::Render,
        format!("the PowerPoint file could not be made: {e}"),
    )
}

/// The deck as a .pptx file's bytes; `progress(done, total)` counts slides
/// and returns false to cancel.
pub fn pptx(deck: &Deck, progress: &mut dyn FnMut(u32, u32) -> bool) -> Result<Vec<u8>> {
    let n = deck.slides.len();
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let at = DateTime::default();
    let xml = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(at);
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(at);
    let put = |zip: &mut ZipWriter<std::io::Cursor<Vec<u8>>>,
               name: &str,
               data: &[u8],
               opts|
     -> Result<()> {
        zip.start_file(name, opts).map_err(write_error)?;
        zip.write_all(data).map_err(write_error)
    };
    put(
        &mut zip,
        "[Content_Types].xml",
        content_types(n).as_bytes(),
        xml,
    )?;
    put(
        &mut zip,
        "_rels/.rels",
        rels(&[
            ("rId1", "officeDocument", "ppt/presentation.xml"),
            (
                "rId2",
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                "docProps/core.xml",
            ),
            ("rId3", "extended-properties", "docProps/app.xml"),
        ])
        .as_bytes(),
        xml,
    )?;
    let core = format!(
        "{HEAD}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>Salescope</dc:creator></cp:coreProperties>",
        esc(&deck.title)
    );
    put(&mut zip, "docProps/core.xml", core.as_bytes(), xml)?;
    let app = format!(
        "{HEAD}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>Salescope</Application><PresentationFormat>Widescreen</PresentationFormat><Slides>{n}</Slides><Notes>{n}</Notes></Properties>"
    );
    put(&mut zip, "docProps/app.xml", app.as_bytes(), xml)?;
    put(
        &mut zip,
        "ppt/presentation.xml",
        presentation(n).as_bytes(),
        xml,
    )?;
    let slide_ids: Vec<String> = (0..n).map(|i| format!("rId{}", 10 + i)).collect();
    let slide_parts: Vec<String> = (1..=n).map(|k| format!("slides/slide{k}.xml")).collect();
    let mut pres_rels = vec![
        ("rId1", "slideMaster", "slideMasters/slideMaster1.xml"),
        ("rId2", "notesMaster", "notesMasters/notesMaster1.xml"),
        ("rId3", "theme", "theme/theme1.xml"),
        ("rId4", "presProps", "presProps.xml"),
        ("rId5", "viewProps", "viewProps.xml"),
        ("rId6", "tableStyles", "tableStyles.xml"),
    ];
    for (id, part) in slide_ids.iter().zip(&slide_parts) {
        pres_rels.push((id, "slide", part));
    }
    put(
        &mut zip,
        "ppt/_rels/presentation.xml.rels",
        rels(&pres_rels).as_bytes(),
        xml,
    )?;
    put(
        &mut zip,
        "ppt/presProps.xml",
        root("p:presentationPr", "", "").as_bytes(),
        xml,
    )?;
    put(
        &mut zip,
        "ppt/viewProps.xml",
        root("p:viewPr", "", "<p:normalViewPr><p:restoredLeft sz=\"15620\"/><p:restoredTop sz=\"80000\"/></p:normalViewPr><p:gridSpacing cx=\"76200\" cy=\"76200\"/>").as_bytes(),
        xml,
    )?;
    put(
        &mut zip,
        "ppt/tableStyles.xml",
        format!("{HEAD}<a:tblStyleLst xmlns:a=\"{NS_A}\" def=\"{{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}}\"/>").as_bytes(),
        xml,
    )?;
    put(
        &mut zip,
        "ppt/slideMasters/slideMaster1.xml",
        slide_master().as_bytes(),
        xml,
    )?;
    put(
        &mut zip,
        "ppt/slideMasters/_rels/slideMaster1.xml.rels",
        rels(&[
            ("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"),
            ("rId2", "theme", "../theme/theme1.xml"),
        ])
        .as_bytes(),
        xml,
    )?;
    put(
        &mut zip,
        "ppt/slideLayouts/slideLayout1.xml",
        slide_layout().as_bytes(),
        xml,
    )?;
    put(
        &mut zip,
        "ppt/slideLayouts/_rels/slideLayout1.xml.rels",
        rels(&[("rId1", "slideMaster", "../slideMasters/slideMaster1.xml")]).as_bytes(),
        xml,
    )?;
    put(
        &mut zip,
        "ppt/notesMasters/notesMaster1.xml",
        notes_master().as_bytes(),
        xml,
    )?;
    put(
        &mut zip,
        "ppt/notesMasters/_rels/notesMaster1.xml.rels",
        rels(&[("rId1", "theme", "../theme/theme2.xml")]).as_bytes(),
        xml,
    )?;
    put(
        &mut zip,
        "ppt/theme/theme1.xml",
        theme("Salescope").as_bytes(),
        xml,
    )?;
    put(
        &mut zip,
        "ppt/theme/theme2.xml",
        theme("Salescope notes").as_bytes(),
        xml,
    )?;
    check(progress, 0, n)?;
    for (i, s) in deck.slides.iter().enumerate() {
        let k = i + 1;
        let picture = png(
            &slide_svg(deck, i, false)?,
            1.0,
            &PngInfo {
                title: s.title.clone(),
                description: s.alt.clone(),
            },
        )?;
        put(
            &mut zip,
            &format!("ppt/media/slide{k}.png"),
            &picture,
            stored,
        )?;
        put(
            &mut zip,
            &format!("ppt/slides/slide{k}.xml"),
            slide_xml(&s.title, &s.alt).as_bytes(),
            xml,
        )?;
        put(
            &mut zip,
            &format!("ppt/slides/_rels/slide{k}.xml.rels"),
            rels(&[
                ("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"),
                ("rId2", "image", &format!("../media/slide{k}.png")),
                (
                    "rId3",
                    "notesSlide",
                    &format!("../notesSlides/notesSlide{k}.xml"),
                ),
            ])
            .as_bytes(),
            xml,
        )?;
        put(
            &mut zip,
            &format!("ppt/notesSlides/notesSlide{k}.xml"),
            notes_xml(&s.notes).as_bytes(),
            xml,
        )?;
        put(
            &mut zip,
            &format!("ppt/notesSlides/_rels/notesSlide{k}.xml.rels"),
            rels(&[
                ("rId1", "notesMaster", "../notesMasters/notesMaster1.xml"),
                ("rId2", "slide", &format!("../slides/slide{k}.xml")),
            ])
            .as_bytes(),
            xml,
        )?;
        check(progress, k, n)?;
    }
    Ok(zip.finish().map_err(write_error)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            esc("R&D <East> \"A\" 'b'\u{1}\tx"),
            "R&amp;D &lt;East&gt; &quot;A&quot; &apos;b&apos; x"
        );
    }

    #[test]
    fn layout_pixels_become_emu() {
        assert_eq!(emu(1920.0), 12_192_000);
        assert_eq!(emu(72.0), 457_200);
    }
}
