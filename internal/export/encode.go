package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// bom starts a CSV file so that spreadsheet programs read it as UTF-8.
const bom = "\ufeff"

// part is what one page of a section adds to the file: made only from
// the export's position before it, the section's columns, the page's rows
// and whether the page ends the section, so writing it twice writes the
// same bytes.
type part struct {
	e       Export
	kinds   []string
	columns []string
	rows    [][]any
	last    bool
}

// encode renders the part in the export's format.
func (p part) encode() ([]byte, error) {
	var b bytes.Buffer
	var err error
	if p.e.Format == FormatCSV {
		err = p.csv(&b)
	} else {
		err = p.json(&b)
	}
	return b.Bytes(), err
}

func (p part) startsFile() bool    { return p.e.parts == 0 }
func (p part) startsSection() bool { return p.e.cursor == "" && p.e.rows == 0 }
func (p part) all() bool           { return p.e.Kind == KindAll }
func (p part) kind() string        { return p.kinds[p.e.section] }

func (p part) csv(b *bytes.Buffer) error {
	if p.startsFile() {
		b.WriteString(bom)
	}
	w := csv.NewWriter(b)
	if p.startsSection() {
		if p.all() {
			if p.e.section > 0 {
				b.WriteString("\n")
			}
			if err := w.Write([]string{"# " + p.kind()}); err != nil {
				return err
			}
		}
		if err := w.Write(p.columns); err != nil {
			return err
		}
	}
	for _, r := range p.rows {
		cells := make([]string, len(r))
		for i, v := range r {
			cells[i] = cell(v)
		}
		if err := w.Write(cells); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// cell writes a value as CSV text; text that a spreadsheet would read as a
// formula is quoted with an apostrophe.
func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		if x != "" && strings.ContainsRune("=+-@\t\r", rune(x[0])) {
			return "'" + x
		}
		return x
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case *time.Time:
		if x == nil {
			return ""
		}
		return x.UTC().Format(time.RFC3339Nano)
	case json.RawMessage:
		return string(x)
	default:
		return fmt.Sprint(x)
	}
}

func (p part) json(b *bytes.Buffer) error {
	if p.startsFile() {
		created, _ := json.Marshal(p.e.CreatedAt.UTC())
		fmt.Fprintf(b, `{"kind":%q,"version":1,"exported_at":%s,`, p.e.Kind, created)
		if p.all() {
			b.WriteString(`"sections":{`)
		}
	}
	if p.startsSection() {
		if p.all() {
			if p.e.section > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(b, "%q:[", p.kind())
		} else {
			b.WriteString(`"items":[`)
		}
	}
	for i, r := range p.rows {
		if p.e.rows > 0 || i > 0 {
			b.WriteString(",")
		}
		b.WriteString("\n{")
		for j, v := range r {
			if j > 0 {
				b.WriteString(",")
			}
			key, _ := json.Marshal(p.columns[j])
			val, err := json.Marshal(v)
			if err != nil {
				return err
			}
			b.Write(key)
			b.WriteString(":")
			b.Write(val)
		}
		b.WriteString("}")
	}
	if p.last {
		b.WriteString("]")
		if !p.all() || p.e.section == len(p.kinds)-1 {
			if p.all() {
				b.WriteString("}")
			}
			b.WriteString("}\n")
		}
	}
	return nil
}
