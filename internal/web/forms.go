package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/registry"
)

// A form is a list of field specs over a record type: each spec reads its value from the
// record for display, and parses the submitted text into the record. One template renders
// every form, and one function records in the audit log which fields changed.

type fieldKind int

const (
	textField fieldKind = iota
	selectField
	flagField
	multiField // checkboxes
	dateField
	monthField
	moneyField
	countField
	secretField // ID or phone: shown masked, blank keeps the stored value
)

// privacy says how a field's change is written into the audit log.
type privacy int

const (
	public   privacy = iota // old and new values
	maskedID                // values masked as ID numbers
	maskedPh                // values masked as phones
	nameOnly                // only that the field changed (health, income amounts)
)

type spec[T any] struct {
	name    string
	label   string
	kind    fieldKind
	options []string
	help    string
	priv    privacy
	get     func(*T) string
	set     func(*T, string) error
}

// field is a spec rendered for a template.
type field struct {
	Name     string
	Label    string
	Kind     string
	Options  []string
	Value    string
	Values   []string
	Masked   string
	Help     string
	Error    string
	Required bool
}

func kindName(k fieldKind) string {
	return [...]string{"text", "select", "flag", "multi", "date", "month", "money", "count", "secret"}[k]
}

// fields renders the specs with the record's values, or with the submitted ones when the form
// is shown again with errors. A select whose stored value is not among its options (an older
// spelling from an import) offers it too, so that the form shows what is stored.
func fields[T any](specs []spec[T], rec *T, submitted url.Values, problems map[string]string, view formView) []field {
	out := make([]field, 0, len(specs))
	for _, sp := range specs {
		f := field{Name: sp.name, Label: sp.label, Kind: kindName(sp.kind), Options: sp.options, Help: sp.help, Error: problems[sp.name]}
		v := sp.get(rec)
		if sp.kind == selectField && v != "" && !registry.In(sp.options, v) {
			f.Options = append(append([]string(nil), sp.options...), v)
		}
		if view.mask && sp.kind == textField {
			v = auth.MaskText(v)
		}
		if submitted != nil && sp.kind != secretField {
			v = strings.Join(submitted[sp.name], ",")
		}
		switch sp.kind {
		case multiField:
			f.Values = registry.SplitMulti(v)
		case secretField:
			if sp.priv == maskedID {
				f.Masked = auth.MaskID(v)
			} else {
				f.Masked = auth.MaskPhone(v)
			}
		case moneyField:
			if submitted == nil {
				v = strings.ReplaceAll(v, ",", "")
			}
		}
		f.Value = v
		out = append(out, f)
	}
	return out
}

// bind parses the submitted form into rec, returning the problems per field. A blank secret
// field keeps the stored value, and so does a free text sent back as the view showed it
// masked.
func bind[T any](specs []spec[T], rec *T, form url.Values, view formView) map[string]string {
	problems := map[string]string{}
	for _, sp := range specs {
		var v string
		if sp.kind == multiField {
			v = strings.Join(form[sp.name], ",")
		} else {
			v = strings.TrimSpace(form.Get(sp.name))
		}
		if sp.kind == secretField && v == "" {
			continue
		}
		stored := sp.get(rec)
		if view.mask && sp.kind == textField && v == strings.TrimSpace(auth.MaskText(stored)) {
			continue
		}
		if sp.kind == selectField && v != "" && v != stored && len(sp.options) > 0 && !registry.In(sp.options, v) {
			problems[sp.name] = "「" + v + "」不是可选的值"
			continue
		}
		if sp.kind == multiField {
			for _, x := range form[sp.name] {
				if !registry.In(sp.options, x) {
					problems[sp.name] = "「" + x + "」不是可选的值"
				}
			}
			if problems[sp.name] != "" {
				continue
			}
		}
		if err := sp.set(rec, v); err != nil {
			problems[sp.name] = errs.Message(err)
		}
	}
	return problems
}

// changes describes which fields differ between two records, for the audit log.
func changes[T any](specs []spec[T], before, after *T) string {
	var parts []string
	for _, sp := range specs {
		a, b := sp.get(before), sp.get(after)
		if a == b {
			continue
		}
		switch sp.priv {
		case public:
			parts = append(parts, sp.label+"（"+dashed(a)+" → "+dashed(b)+"）")
		case maskedID:
			parts = append(parts, sp.label+"（"+dashed(auth.MaskID(a))+" → "+dashed(auth.MaskID(b))+"）")
		case maskedPh:
			parts = append(parts, sp.label+"（"+dashed(auth.MaskPhone(a))+" → "+dashed(auth.MaskPhone(b))+"）")
		default:
			parts = append(parts, sp.label)
		}
	}
	return strings.Join(parts, "、")
}

func dashed(s string) string {
	if s == "" {
		return unfilled
	}
	return s
}

// Parsers shared by the specs.

func setFlag(dst *registry.Flag) func(string) error {
	return func(s string) error {
		f, err := registry.ParseFlag(s)
		*dst = f
		return err
	}
}

func parseYear(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1900 || n > 2200 {
		return 0, errs.E(errs.Invalid, "「%s」不是有效年份", s)
	}
	return n, nil
}

func itoa0(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func nonNegative(m registry.Money, err error) (registry.Money, error) {
	if err == nil && m < 0 {
		return 0, errs.E(errs.Invalid, "金额不能为负数")
	}
	return m, err
}

func optionsWithBlank(list []string) []string { return append([]string{""}, list...) }
