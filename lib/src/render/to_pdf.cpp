// The pdf writer: a sheet laid out on A4 or Letter (labels on label stock) with Pango and
// drawn by Cairo, DejaVu fonts embedded. It lays out and never computes: every word, figure
// and unit comes from the sheet. The same sheet gives the same bytes: the metadata dates are
// the sheet's `issued` (from the inputs), never the clock.
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <numeric>
#include <stdexcept>

#include "mesomix/sheet.hpp"
#include "render/barcode.hpp"
#include "render/print_module.hpp"

namespace mesomix {
namespace {

constexpr double pt_per_mm = 72.0 / 25.4;
constexpr double mm = pt_per_mm;
constexpr const char* family = "DejaVu Sans";
constexpr const char* fallback_date = "2000-01-01T00:00:00";  // when the inputs carry no date

struct Grey {
  double level;
};
constexpr Grey rule_grey{0.33};
constexpr Grey header_fill{0.91};
constexpr Grey box_fill{0.95};

// Owners for the C objects.
using Layout = std::shared_ptr<PangoLayout>;
struct ContextFree {
  void operator()(PangoContext* c) const { g_object_unref(c); }
};
struct CairoFree {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct SurfaceFree {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct FontFree {
  void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};

cairo_status_t append_bytes(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct Font {
  double size = 9;
  bool bold = false;
};

enum class Align { left, right };

// Lays out text (with its keep-together marks) in one font; width <= 0: one line, no wrap.
class Typesetter {
 public:
  explicit Typesetter(cairo_t* cr) : context_(pango_cairo_create_context(cr)) {
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(context_.get(), options);
    cairo_font_options_destroy(options);
    PangoLanguage* english = pango_language_from_string("en");
    pango_context_set_language(context_.get(), english);
  }

  Layout layout(std::string_view marked, Font font, double width, Align align = Align::left,
                PangoWrapMode wrap = PANGO_WRAP_WORD_CHAR) const {
    Layout l(pango_layout_new(context_.get()), [](PangoLayout* p) { g_object_unref(p); });
    std::string text;
    PangoAttrList* attrs = pango_attr_list_new();
    for (const auto& run : text_runs(marked)) {
      const std::size_t start = text.size();
      text += run.text;
      if (!run.unbreakable || run.text.empty()) continue;
      // a break stays allowed before the value, never inside it: the attribute starts after
      // the value's first character
      std::size_t first = 1;
      while (first < run.text.size() && (static_cast<unsigned char>(run.text[first]) & 0xC0U) == 0x80U) ++first;
      if (first >= run.text.size()) continue;
      PangoAttribute* keep = pango_attr_allow_breaks_new(FALSE);
      keep->start_index = static_cast<guint>(start + first);
      keep->end_index = static_cast<guint>(text.size());
      pango_attr_list_insert(attrs, keep);
    }
    pango_layout_set_text(l.get(), text.data(), static_cast<int>(text.size()));
    pango_layout_set_attributes(l.get(), attrs);
    pango_attr_list_unref(attrs);
    std::unique_ptr<PangoFontDescription, FontFree> desc(pango_font_description_new());
    pango_font_description_set_family(desc.get(), family);
    pango_font_description_set_absolute_size(desc.get(), font.size * PANGO_SCALE);
    pango_font_description_set_weight(desc.get(), font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l.get(), desc.get());
    if (width > 0) {
      pango_layout_set_width(l.get(), pango_units_from_double(width));
      pango_layout_set_wrap(l.get(), wrap);
    }
    pango_layout_set_alignment(l.get(), align == Align::right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    return l;
  }

 private:
  std::unique_ptr<PangoContext, ContextFree> context_;
};

double height_of(const Layout& l) {
  PangoRectangle logical;
  pango_layout_get_extents(l.get(), nullptr, &logical);
  return pango_units_to_double(logical.height);
}

double width_of(const Layout& l) {
  PangoRectangle logical;
  pango_layout_get_extents(l.get(), nullptr, &logical);
  return pango_units_to_double(logical.x + logical.width);
}

void show(cairo_t* cr, const Layout& l, double x, double y) {
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, l.get());
}

void stroke_rect(cairo_t* cr, double x, double y, double w, double h, double line, Grey grey) {
  cairo_set_source_rgb(cr, grey.level, grey.level, grey.level);
  cairo_set_line_width(cr, line);
  cairo_rectangle(cr, x, y, w, h);
  cairo_stroke(cr);
}

void fill_rect(cairo_t* cr, double x, double y, double w, double h, Grey grey) {
  cairo_set_source_rgb(cr, grey.level, grey.level, grey.level);
  cairo_rectangle(cr, x, y, w, h);
  cairo_fill(cr);
}

void hline(cairo_t* cr, double x0, double x1, double y, double line) {
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, line);
  cairo_move_to(cr, x0, y);
  cairo_line_to(cr, x1, y);
  cairo_stroke(cr);
}

// One thing placed on a page: never split; kept with the next one when asked.
struct Item {
  double height = 0;
  double space_before = 0;  // dropped at the top of a page
  bool keep_with_next = false;
  std::function<void(cairo_t*, double x, double y)> draw;
  const Item* repeat = nullptr;  // a table's header, drawn again above this row on a new page
};

struct Frame {
  double page_width;
  double page_height;
  double left = 14 * mm;
  double right = 14 * mm;
  double top = 19 * mm;  // the running header sits above
  double bottom = 14 * mm;
  double width() const { return page_width - left - right; }
};

const Font body{9, false};
const Font body_bold{9, true};
const Font small{7.5, false};
const Font title_font{14, true};
const Font section_font{11, true};

// Sheet to items ---------------------------------------------------------------------------

class Composer {
 public:
  Composer(const Typesetter& ts, double width, const SheetWords& words) : ts_(ts), words_(words), width_(width) {}

  std::vector<std::unique_ptr<Item>> items;

  void title(const std::string& text) {
    auto l = ts_.layout(text, title_font, width_);
    const double h = height_of(l);
    const double w = width_;
    add(h + 2.5 * mm, 0, false, [l, h, w](cairo_t* cr, double x, double y) {
      show(cr, l, x, y);
      hline(cr, x, x + w, y + h + 1.2 * mm, 1.2);
    });
  }

  void fields(const std::vector<std::pair<std::string, std::string>>& fields) {
    if (fields.empty()) return;
    double label_w = 0;
    std::vector<Layout> labels;
    for (const auto& f : fields) {
      labels.push_back(ts_.layout(f.first, body_bold, 0));
      label_w = std::max(label_w, width_of(labels.back()));
    }
    label_w = std::min(label_w, width_ * 0.35) + 4 * mm;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      auto label = ts_.layout(fields[i].first, body_bold, label_w - 4 * mm);
      auto value = ts_.layout(fields[i].second, body, width_ - label_w);
      const double h = std::max(height_of(label), height_of(value));
      add(h + 0.6 * mm, i == 0 ? 1 * mm : 0, false, [label, value, label_w](cairo_t* cr, double x, double y) {
        show(cr, label, x, y);
        show(cr, value, x + label_w, y);
      });
    }
  }

  void section(const Section& s) {
    if (s.role == SectionRole::read_first) {
      read_first_box(s);
      for (const auto& t : s.tables) table(t);
      return;
    }
    auto heading = ts_.layout(s.title, section_font, width_);
    add(height_of(heading) + 1.5 * mm, 5 * mm, true,
        [heading](cairo_t* cr, double x, double y) { show(cr, heading, x, y); });
    for (const auto& line : s.lines) paragraph(line);
    for (const auto& t : s.tables) table(t);
    for (const auto& [heading_text, list_items] : s.lists) list(heading_text, list_items);
    if (!s.signatures.empty()) signatures(s.signatures);
  }

 private:
  const Typesetter& ts_;
  const SheetWords& words_;
  double width_;

  Item* add(double height, double space_before, bool keep_with_next,
            std::function<void(cairo_t*, double, double)> draw) {
    items.push_back(std::make_unique<Item>(Item{height, space_before, keep_with_next, std::move(draw), nullptr}));
    return items.back().get();
  }

  void paragraph(const std::string& text) {
    auto l = ts_.layout(text, body, width_);
    add(height_of(l) + 0.8 * mm, 0, false, [l](cairo_t* cr, double x, double y) { show(cr, l, x, y); });
  }

  void list(const std::string& heading_text, const std::vector<std::string>& list_items) {
    auto heading = ts_.layout(heading_text, body_bold, width_);
    add(height_of(heading) + 1 * mm, 1.5 * mm, true,
        [heading](cairo_t* cr, double x, double y) { show(cr, heading, x, y); });
    const double indent = 4 * mm;
    for (const auto& text : list_items) {
      auto bullet = ts_.layout("\u2022", body, 0);
      auto l = ts_.layout(text, body, width_ - indent);
      add(height_of(l) + 0.7 * mm, 0, false, [bullet, l, indent](cairo_t* cr, double x, double y) {
        show(cr, bullet, x + 1 * mm, y);
        show(cr, l, x + indent, y);
      });
    }
  }

  // The box that is read before anything else: framed, shaded, at the top of page 1.
  void read_first_box(const Section& s) {
    const double pad = 3 * mm;
    const double inner = width_ - 2 * pad;
    struct Line {
      Layout layout;
      double indent;
      double gap;
      bool bullet;
    };
    std::vector<Line> lines;
    lines.push_back({ts_.layout(s.title, Font{10.5, true}, inner), 0, 0, false});
    for (const auto& text : s.lines) lines.push_back({ts_.layout(text, body, inner), 0, 1 * mm, false});
    for (const auto& [heading_text, list_items] : s.lists) {
      lines.push_back({ts_.layout(heading_text, body_bold, inner), 0, 1.2 * mm, false});
      for (const auto& text : list_items)
        lines.push_back({ts_.layout(text, body, inner - 4 * mm), 4 * mm, 0.6 * mm, true});
    }
    double h = 2 * pad;
    for (const auto& l : lines) h += l.gap + height_of(l.layout);
    auto bullet = ts_.layout("\u2022", body, 0);
    const double w = width_;
    add(h, 3 * mm, false, [lines, bullet, h, w, pad](cairo_t* cr, double x, double y) {
      fill_rect(cr, x, y, w, h, box_fill);
      stroke_rect(cr, x, y, w, h, 1.8, Grey{0});
      double cy = y + pad;
      for (const auto& l : lines) {
        cy += l.gap;
        if (l.bullet) show(cr, bullet, x + pad + 1 * mm, cy);
        show(cr, l.layout, x + pad + l.indent, cy);
        cy += height_of(l.layout);
      }
    });
  }

  void signatures(const std::vector<Signature>& sigs) {
    const double gap = 4 * mm;
    const std::size_t per_row = width_ >= 2 * 70 * mm + gap ? 2 : 1;
    const double box_w = (width_ - gap * static_cast<double>(per_row - 1)) / static_cast<double>(per_row);
    const double pad = 2 * mm;
    const double signing_space = 11 * mm;
    for (std::size_t first = 0; first < sigs.size(); first += per_row) {
      struct Box {
        std::vector<Layout> lines;
        Layout sign;
      };
      std::vector<Box> boxes;
      double h = 0;
      for (std::size_t i = first; i < std::min(sigs.size(), first + per_row); ++i) {
        const Signature& sig = sigs[i];
        const std::string blank = "____________________";
        Box b;
        b.lines.push_back(ts_.layout(sig.meaning, body_bold, box_w - 2 * pad));
        b.lines.push_back(ts_.layout(words_.name + words_.colon + " " + (sig.name.empty() ? blank : sig.name), body,
                                     box_w - 2 * pad));
        b.lines.push_back(
            ts_.layout(words_.date_time + words_.colon + " " + (sig.date_time.empty() ? blank : sig.date_time), body,
                       box_w - 2 * pad));
        b.lines.push_back(ts_.layout(words_.meaning + words_.colon + " " + sig.meaning, small, box_w - 2 * pad));
        b.sign = ts_.layout(words_.signature, small, 0);
        double bh = 2 * pad + signing_space;
        for (const auto& l : b.lines) bh += height_of(l) + 0.5 * mm;
        h = std::max(h, bh);
        boxes.push_back(std::move(b));
      }
      add(h, first == 0 ? 2 * mm : gap, false,
          [boxes, h, box_w, gap, pad, signing_space](cairo_t* cr, double x, double y) {
            double bx = x;
            for (const auto& b : boxes) {
              stroke_rect(cr, bx, y, box_w, h, 1, Grey{0});
              double cy = y + pad;
              for (const auto& l : b.lines) {
                show(cr, l, bx + pad, cy);
                cy += height_of(l) + 0.5 * mm;
              }
              const double line_y = y + h - pad - height_of(b.sign) - 0.5 * mm;
              hline(cr, bx + pad, bx + box_w - pad, line_y, 0.6);
              show(cr, b.sign, bx + pad, line_y + 0.5 * mm);
              (void)signing_space;
              bx += box_w + gap;
            }
          });
    }
  }

  // Columns: figures never wrap; text columns share what is left, in proportion to what
  // they would like. A table too wide for the page is set smaller, down to 6.5 pt.
  void table(const Table& t) {
    const std::size_t n = t.header.size();
    if (n == 0) return;
    const double pad_x = 1.3 * mm;
    const double pad_y = 0.9 * mm;
    auto numeric = [&](std::size_t c) { return c < t.numeric.size() && t.numeric[c]; };
    auto cell = [&](const std::vector<std::string>& row, std::size_t c) {
      return c < row.size() ? row[c] : std::string();
    };
    double size = 8.5;
    std::vector<double> natural(n);
    std::vector<double> least(n);
    for (;; size -= 0.5) {
      std::fill(natural.begin(), natural.end(), 0);
      std::fill(least.begin(), least.end(), 0);
      auto measure = [&](const std::string& text, std::size_t c, bool bold) {
        const Font f{size, bold};
        natural[c] = std::max(natural[c], width_of(ts_.layout(text, f, 0)) + 2 * pad_x);
        const double word =
            numeric(c) ? natural[c] : width_of(ts_.layout(text, f, 1, Align::left, PANGO_WRAP_WORD)) + 2 * pad_x;
        least[c] = std::max(least[c], word);
      };
      for (std::size_t c = 0; c < n; ++c) measure(t.header[c], c, true);
      for (const auto& row : t.rows)
        for (std::size_t c = 0; c < n; ++c) measure(cell(row, c), c, false);
      if (std::accumulate(least.begin(), least.end(), 0.0) <= width_ || size <= 6.5) break;
    }
    std::vector<double> widths = natural;
    const double total = std::accumulate(natural.begin(), natural.end(), 0.0);
    if (total > width_) {
      const double sum_least = std::accumulate(least.begin(), least.end(), 0.0);
      const double spare = std::max(0.0, width_ - sum_least);
      const double wish = total - sum_least;
      for (std::size_t c = 0; c < n; ++c)
        widths[c] = least[c] + (wish > 0 ? spare * (natural[c] - least[c]) / wish : 0);
    }
    auto row_item = [&](const std::vector<std::string>& cells, bool header) {
      std::vector<Layout> layouts;
      double h = 0;
      for (std::size_t c = 0; c < n; ++c) {
        layouts.push_back(ts_.layout(cell(cells, c), Font{size, header}, widths[c] - 2 * pad_x,
                                     numeric(c) ? Align::right : Align::left));
        h = std::max(h, height_of(layouts.back()));
      }
      h += 2 * pad_y;
      return std::make_unique<Item>(Item{h, 0, header,
                                         [layouts, widths, h, header, pad_x, pad_y](cairo_t* cr, double x, double y) {
                                           double cx = x;
                                           for (std::size_t c = 0; c < layouts.size(); ++c) {
                                             if (header) fill_rect(cr, cx, y, widths[c], h, header_fill);
                                             stroke_rect(cr, cx, y, widths[c], h, 0.5, rule_grey);
                                             show(cr, layouts[c], cx + pad_x, y + pad_y);
                                             cx += widths[c];
                                           }
                                         },
                                         nullptr});
    };
    items.push_back(row_item(t.header, true));
    items.back()->space_before = 1.5 * mm;
    const Item* header = items.back().get();
    for (const auto& row : t.rows) {
      items.push_back(row_item(row, false));
      items.back()->repeat = header;
    }
  }
};

// Items to pages ---------------------------------------------------------------------------

struct Placed {
  const Item* item;
  double y;
};

std::vector<std::vector<Placed>> paginate(const std::vector<std::unique_ptr<Item>>& items, const Frame& frame) {
  std::vector<std::vector<Placed>> pages(1);
  const double bottom = frame.page_height - frame.bottom;
  double y = frame.top;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Item& item = *items[i];
    double chain = item.height;  // this item and those it keeps with it
    for (std::size_t j = i; j + 1 < items.size() && items[j]->keep_with_next && j < i + 3; ++j)
      chain += items[j + 1]->space_before + items[j + 1]->height;
    const bool empty = pages.back().empty();
    double gap = empty ? 0 : item.space_before;
    if (!empty && y + gap + chain > bottom) {
      pages.emplace_back();
      y = frame.top;
      gap = 0;
      if (item.repeat) {
        pages.back().push_back({item.repeat, y});
        y += item.repeat->height;
      }
    }
    pages.back().push_back({&item, y + gap});
    y += gap + item.height;
  }
  return pages;
}

void running_header(cairo_t* cr, const Typesetter& ts, const Sheet& sheet, const Frame& frame, std::size_t page,
                    std::size_t pages) {
  std::string left = sheet.header.protocol;
  if (!sheet.header.lot.empty())
    left += (left.empty() ? "" : "  \u00b7  ") + sheet.words.lot + " " + keep_together(sheet.header.lot);
  const double w = frame.width();
  auto page_no = ts.layout(
      sheet.words.page + " " + std::to_string(page) + " " + sheet.words.of + " " + std::to_string(pages), small, 0);
  const double right_w = width_of(page_no);
  auto l = ts.layout(left, small, w - right_w - 6 * mm);
  const double y = 9 * mm;
  show(cr, l, frame.left, y);
  show(cr, page_no, frame.left + w - right_w, y);
  cairo_set_source_rgb(cr, 0, 0, 0);
  hline(cr, frame.left, frame.left + w, y + std::max(height_of(l), height_of(page_no)) + 1 * mm, 0.5);
}

// Labels -------------------------------------------------------------------------------------

void draw_barcode(cairo_t* cr, const detail::Barcode& code, double x, double y, double w, double h) {
  const double modules = code.width + 2 * detail::quiet_zone_modules;
  const double module = std::min(w / modules, 0.5 * mm);
  const double left = x + (w - modules * module) / 2 + detail::quiet_zone_modules * module;
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (const auto& bar : code.bars) cairo_rectangle(cr, left + bar.x * module, y, bar.width * module, h);
  cairo_fill(cr);
}

void draw_label(cairo_t* cr, const Typesetter& ts, const Label& label, double page_w, double page_h) {
  const double margin = 3 * mm;
  const double w = page_w - 2 * margin;
  const detail::Barcode code = detail::code128(label.barcode);
  const double bar_h = std::min(9 * mm, page_h * 0.2);
  // the largest type, from 8 pt down to 5 pt, at which everything fits
  for (double size = 8;; size -= 0.25) {
    std::vector<Layout> lines{ts.layout(label.heading, Font{size + 0.5, true}, w)};
    for (const auto& text : label.lines) lines.push_back(ts.layout(text, Font{size, false}, w));
    auto caption = ts.layout(label.barcode, Font{std::min(size, 6.5), false}, w);
    double text_h = 0;
    for (const auto& l : lines) text_h += height_of(l);
    const double code_h = code.bars.empty() ? 0 : bar_h + height_of(caption) + 1 * mm;
    if (text_h + code_h + 1 * mm <= page_h - 2 * margin || size <= 5) {
      double y = margin;
      for (const auto& l : lines) {
        show(cr, l, margin, y);
        y += height_of(l);
      }
      if (!code.bars.empty()) {
        const double top = page_h - margin - code_h;
        draw_barcode(cr, code, margin, top + 1 * mm, w, bar_h);
        pango_layout_set_alignment(caption.get(), PANGO_ALIGN_CENTER);
        show(cr, caption, margin, top + 1 * mm + bar_h);
      }
      return;
    }
  }
}

// The metadata cairo writes: a title, the creator and dates from the sheet.
void metadata(cairo_surface_t* surface, const Sheet& sheet) {
  const std::string title = without_marks(sheet.title);
  const std::string date = sheet.issued.empty() ? fallback_date : sheet.issued;
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "mesomix");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
}

}  // namespace

std::string render_pdf_impl(const Sheet& sheet, const PageSetup& page) {
  const bool labels = !sheet.labels.empty();
  const double w = labels ? page.label.width_tenth_mm / 10.0 * mm : page.paper == Paper::letter ? 612 : 210 * mm;
  const double h = labels ? page.label.height_tenth_mm / 10.0 * mm : page.paper == Paper::letter ? 792 : 297 * mm;
  std::string bytes;
  std::unique_ptr<cairo_surface_t, SurfaceFree> surface(
      cairo_pdf_surface_create_for_stream(append_bytes, &bytes, w, h));
  metadata(surface.get(), sheet);
  std::unique_ptr<cairo_t, CairoFree> cr(cairo_create(surface.get()));
  const Typesetter ts(cr.get());

  if (labels) {
    for (const auto& label : sheet.labels) {
      draw_label(cr.get(), ts, label, w, h);
      cairo_show_page(cr.get());
    }
  } else {
    Frame frame{w, h};
    Composer composer(ts, frame.width(), sheet.words);
    composer.title(sheet.title);
    // the read-first box comes before everything, the fields included
    for (const auto& s : sheet.sections)
      if (s.role == SectionRole::read_first) composer.section(s);
    composer.fields(sheet.fields);
    for (const auto& s : sheet.sections)
      if (s.role != SectionRole::read_first) composer.section(s);
    const auto pages = paginate(composer.items, frame);
    for (std::size_t p = 0; p < pages.size(); ++p) {
      running_header(cr.get(), ts, sheet, frame, p + 1, pages.size());
      for (const auto& placed : pages[p]) placed.item->draw(cr.get(), frame.left, placed.y);
      cairo_show_page(cr.get());
    }
  }
  cr.reset();
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error(std::string("cairo: ") + cairo_status_to_string(cairo_surface_status(surface.get())));
  return bytes;
}

}  // namespace mesomix
