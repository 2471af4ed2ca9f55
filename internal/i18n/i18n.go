// Package i18n translates what Helio shows people. It follows gettext: the
// English text is the message id, and a catalog per other language maps each
// id to its translation (catalogs/zh.json and catalogs/zh_<part>.json). Text that reaches a person — API
// error messages, field errors, console pages — is written in English at its
// source and translated where it is shown. A test walks the source and the
// templates and fails when a message id has no Chinese translation.
package i18n

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
)

// Lang is a supported language.
type Lang string

// Supported languages.
const (
	English Lang = "en"
	Chinese Lang = "zh"
)

// Langs lists the supported languages in display order.
var Langs = []Lang{English, Chinese}

//go:embed catalogs/*.json
var catalogFiles embed.FS

var catalogs = map[Lang]map[string]string{}

// init loads every catalog file of each language: catalogs/<lang>.json and
// catalogs/<lang>_<part>.json, so that features keep their translations in
// files of their own. A message id translated in two files is a mistake.
func init() {
	for _, l := range Langs {
		if l == English {
			continue
		}
		files, _ := fs.Glob(catalogFiles, "catalogs/"+string(l)+"*.json")
		m := map[string]string{}
		for _, f := range files {
			raw, err := catalogFiles.ReadFile(f)
			if err != nil {
				panic(err)
			}
			part := map[string]string{}
			if err := json.Unmarshal(raw, &part); err != nil {
				panic(fmt.Sprintf("i18n: catalog %s: %v", f, err))
			}
			for id, tr := range part {
				if _, dup := m[id]; dup {
					panic(fmt.Sprintf("i18n: %q is translated twice (again in %s)", id, f))
				}
				m[id] = tr
			}
		}
		catalogs[l] = m
	}
}

// Catalog returns the translations of l (nil for English, the source).
func Catalog(l Lang) map[string]string { return catalogs[l] }

// Translate returns msgid in l, or msgid itself when l has no translation.
func Translate(l Lang, msgid string) string {
	if s, ok := catalogs[l][msgid]; ok && s != "" {
		return s
	}
	return msgid
}

// Text is a message to show a person: an English format (the message id) and
// its arguments. Arguments that are themselves Text are translated too.
type Text struct {
	Format string
	Args   []any
}

// T makes a Text. format is a message id and must be a string literal so
// that the catalog test can find it.
func T(format string, args ...any) Text { return Text{Format: format, Args: args} }

// String renders the text in English.
func (t Text) String() string { return t.In(English) }

// In renders the text in l.
func (t Text) In(l Lang) string {
	f := Translate(l, t.Format)
	if len(t.Args) == 0 {
		return f
	}
	args := make([]any, len(t.Args))
	for i, a := range t.Args {
		if inner, ok := a.(Text); ok {
			args[i] = inner.In(l)
		} else {
			args[i] = a
		}
	}
	return fmt.Sprintf(f, args...)
}

// Parse maps a language tag such as "zh-CN" or "en-GB" to a supported Lang.
func Parse(tag string) (Lang, bool) {
	tag = strings.ToLower(strings.TrimSpace(tag))
	base, _, _ := strings.Cut(tag, "-")
	base, _, _ = strings.Cut(base, "_")
	for _, l := range Langs {
		if base == string(l) {
			return l, true
		}
	}
	return "", false
}

// FromAcceptLanguage picks the first supported language of an
// Accept-Language header (ignoring weights, which browsers send in order),
// English when none matches.
func FromAcceptLanguage(header string) Lang {
	for _, part := range strings.Split(header, ",") {
		tag, _, _ := strings.Cut(part, ";")
		if l, ok := Parse(tag); ok {
			return l
		}
	}
	return English
}

type langKey struct{}

// WithLang returns ctx carrying the language of the person being served.
func WithLang(ctx context.Context, l Lang) context.Context {
	return context.WithValue(ctx, langKey{}, l)
}

// FromContext returns the language carried by ctx, English by default.
func FromContext(ctx context.Context) Lang {
	if l, ok := ctx.Value(langKey{}).(Lang); ok {
		return l
	}
	return English
}
