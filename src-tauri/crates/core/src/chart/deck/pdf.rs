//! The deck as a PDF: each slide's SVG converted by svg2pdf into a form
//! XObject (vector shapes, text kept as text in subsets of the embedded
//! fonts, so it can be searched and selected), one 16:9 page per slide. No
//! date or random id is written: the same deck gives the same bytes.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};
use svg2pdf::usvg;

use super::{check, slide_svg, Deck, SLIDE};
use crate::chart::fonts;
use crate::error::{Error, ErrorCode, Result};

/// The page in points: PowerPoint's widescreen slide, 13.333 × 7.5 in.
const PAGE: (f32, f32) = (960.0, 540.0);

fn failed(what: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorCode::Render,
        format!("the PDF could not be made: {what}"),
    )
}

/// The embedded fonts, for svg2pdf's own SVG reader.
fn font_db() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for bytes in fonts::files() {
            db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(bytes)));
        }
        db.set_sans_serif_family(fonts::FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// The deck as a PDF file's bytes; `progress(done, total)` counts slides
/// and returns false to cancel.
pub fn pdf(deck: &Deck, progress: &mut dyn FnMut(u32, u32) -> bool) -> Result<Vec<u8>> {
    let options = usvg::Options {
        fontdb: font_db(),
        font_family: fonts::FAMILY.to_string(),
        ..Default::default()
    };
    let convert = svg2pdf::ConversionOptions {
        compress: true,
        embed_text: true,
        ..Default::default()
    };
    let mut alloc = Ref::new(1);
    let catalog = alloc.bump();
    let tree_id = alloc.bump();
    let info = alloc.bump();
    let mut pdf = Pdf::new();
    let mut pages = Vec::new();
    let total = deck.slides.len();
    check(progress, 0, total)?;
    for i in 0..total {
        let svg = slide_svg(deck, i, true)?;
        let tree = usvg::Tree::from_str(&svg, &options).map_err(failed)?;
        let (chunk, svg_ref) = svg2pdf::to_chunk(&tree, convert).map_err(failed)?;
        let mut map = HashMap::new();
        let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
        let svg_ref = *map
            .get(&svg_ref)
            .ok_or_else(|| failed("a slide was lost"))?;
        let page = alloc.bump();
        let content = alloc.bump();
        pages.push(page);
        let name = Name(b"S");
        {
            let mut p = pdf.page(page);
            p.media_box(Rect::new(0.0, 0.0, PAGE.0, PAGE.1));
            p.parent(tree_id);
            p.contents(content);
            p.resources().x_objects().pair(name, svg_ref);
            p.finish();
        }
        let mut c = Content::new();
        c.transform([PAGE.0, 0.0, 0.0, PAGE.1, 0.0, 0.0]);
        c.x_object(name);
        pdf.stream(content, &c.finish());
        pdf.extend(&chunk);
        check(progress, i + 1, total)?;
    }
    debug_assert_eq!(SLIDE.0 * 9, SLIDE.1 * 16);
    pdf.catalog(catalog).pages(tree_id);
    let n = pages.len() as i32;
    pdf.pages(tree_id).kids(pages).count(n);
    pdf.document_info(info)
        .title(TextStr(&deck.title))
        .creator(TextStr("Salescope"))
        .producer(TextStr("Salescope"));
    canonical(&pdf.finish())
}

/// The PDF with its objects numbered in the order a walk from the trailer
/// meets them (each object's references in the order they are written),
/// and written in that order: svg2pdf writes a page's fonts in hash-map
/// order, which would otherwise change the bytes from run to run.
fn canonical(bytes: &[u8]) -> Result<Vec<u8>> {
    use lopdf::{Document, Object, ObjectId};
    use std::collections::{BTreeMap, VecDeque};

    fn refs(o: &Object, out: &mut Vec<ObjectId>) {
        match o {
            Object::Reference(id) => out.push(*id),
            Object::Array(a) => a.iter().for_each(|x| refs(x, out)),
            Object::Dictionary(d) => d.iter().for_each(|(_, x)| refs(x, out)),
            Object::Stream(s) => s.dict.iter().for_each(|(_, x)| refs(x, out)),
            _ => {}
        }
    }
    fn renumber(o: &mut Object, map: &HashMap<ObjectId, ObjectId>) {
        match o {
            Object::Reference(id) => {
                if let Some(n) = map.get(id) {
                    *id = *n;
                }
            }
            Object::Array(a) => a.iter_mut().for_each(|x| renumber(x, map)),
            Object::Dictionary(d) => d.iter_mut().for_each(|(_, x)| renumber(x, map)),
            Object::Stream(s) => s.dict.iter_mut().for_each(|(_, x)| renumber(x, map)),
            _ => {}
        }
    }
    /// Dictionaries with their keys sorted (svg2pdf writes some resource
    /// dictionaries in hash-map order too).
    fn sorted(o: &mut Object) {
        fn dict(d: &mut lopdf::Dictionary) {
            let mut pairs: Vec<(Vec<u8>, Object)> = std::mem::take(d).into_iter().collect();
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            for (_, v) in pairs.iter_mut() {
                sorted(v);
            }
            *d = pairs.into_iter().collect();
        }
        match o {
            Object::Array(a) => a.iter_mut().for_each(sorted),
            Object::Dictionary(d) => dict(d),
            Object::Stream(s) => dict(&mut s.dict),
            _ => {}
        }
    }
    let mut doc = Document::load_mem(bytes).map_err(failed)?;
    for o in doc.objects.values_mut() {
        sorted(o);
    }
    let mut order = Vec::new();
    let mut queue: VecDeque<ObjectId> = VecDeque::new();
    let mut start = Vec::new();
    refs(&Object::Dictionary(doc.trailer.clone()), &mut start);
    queue.extend(start);
    let mut seen = std::collections::HashSet::new();
    while let Some(id) = queue.pop_front() {
        if !seen.insert(id) {
            continue;
        }
        let Some(o) = doc.objects.get(&id) else {
            continue;
        };
        order.push(id);
        let mut next = Vec::new();
        refs(o, &mut next);
        queue.extend(next);
    }
    let map: HashMap<ObjectId, ObjectId> = order
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, (i as u32 + 1, 0)))
        .collect();
    let mut objects = BTreeMap::new();
    for id in &order {
        if let Some(mut o) = doc.objects.remove(id) {
            renumber(&mut o, &map);
            objects.insert(map[id], o);
        }
    }
    doc.objects = objects;
    doc.max_id = order.len() as u32;
    let mut trailer = Object::Dictionary(doc.trailer.clone());
    renumber(&mut trailer, &map);
    if let Object::Dictionary(t) = trailer {
        doc.trailer = t;
    }
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(failed)?;
    Ok(out)
}
