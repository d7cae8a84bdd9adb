package web

import (
	"context"
	"io"
	"time"

	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
)

// The parts of the application that other packages provide: the screening engine (findings,
// waivers, re-screening), the importer and the policy parameters. The web application talks
// to them through these interfaces, which the serve command fills with adapters; a nil part
// makes its pages say that the function is not enabled.

// Screening is the screening engine as the pages use it.
type Screening interface {
	// OpenCounts counts the open findings of the scope by child region (the first childLen
	// digits of the finding's region code), indicator and severity.
	OpenCounts(ctx context.Context, scope region.Code, childLen int) ([]FindingCount, error)
	// OpenPerHousehold counts the open findings of each household of a village.
	OpenPerHousehold(ctx context.Context, village region.Code) (map[string]int, error)
	// List returns a page of the findings that match the filter, and how many match in all.
	List(ctx context.Context, f FindingFilter) ([]Finding, int, error)
	// Household returns every finding of a household, open, waived or closed.
	Household(ctx context.Context, householdNo string) ([]Finding, error)
	// Finding returns one finding, or an errs.NotFound error.
	Finding(ctx context.Context, id string) (Finding, error)
	// Waive marks an open finding as an accepted exception with the reason; the reviewer is
	// the context's actor.
	Waive(ctx context.Context, id, reason string) error
	// Unwaive withdraws the exception of a waived finding, which is open again.
	Unwaive(ctx context.Context, id string) error
	// Related returns the other households that share an ID number or phone with the
	// household as it is: an edit asks before it writes, so that Rescreen can bring them up
	// to date too when the edit removes what they shared.
	Related(ctx context.Context, a *registry.Aggregate) ([]string, error)
	// Rescreen screens one household again after an edit, with the related households asked
	// for before the edit, and reports what changed in the household.
	Rescreen(ctx context.Context, householdNo string, related []string) (Rescreened, error)
	// Catalog lists the indicators and rules, for filters.
	Catalog() ([]Indicator, []Rule)
}

// FindingCount is a number of open findings.
type FindingCount struct {
	Prefix    string
	Indicator string // indicator id
	Severity  string // high, medium or low
	N         int
}

// FindingFilter selects findings.
type FindingFilter struct {
	Scope     region.Code
	Indicator string
	Rule      string
	Severity  string
	Status    string // open (default), waived, closed or all
	Offset    int
	Limit     int
}

// Finding is a finding as pages show it.
type Finding struct {
	ID            string
	Rule          string
	RuleTitle     string
	Basis, Fix    string // the rule's policy basis and what to do about a finding (如何整改)
	Indicator     string
	IndicatorName string
	Severity      string
	SeverityLabel string
	HouseholdNo   string
	Subject       string // the person or household the finding is about, as shown
	Region        region.Code
	Explanation   string
	Status        string // open, waived or closed
	StatusLabel   string
	Found         time.Time
	Closed        time.Time
	WaivedBy      string
	WaiveReason   string
}

// Rescreened is what re-screening one household changed.
type Rescreened struct {
	Opened, Closed, Open int
}

// Indicator is one of the ten indicators (or data quality).
type Indicator struct{ ID, Name string }

// Rule is a rule of the catalog.
type Rule struct{ ID, Indicator, Title, Severity string }

// Imports is the importer as the import page uses it. An upload is read and checked first
// (staged), and nothing is written before the user says so: a file without blocking errors
// waits for the user to confirm, and a file with some for the user to write the households
// without errors or to give up.
type Imports interface {
	// Start begins reading an uploaded file for the scope and returns the import's id. The
	// work goes on in the background; Status follows it.
	Start(ctx context.Context, filename string, body io.Reader, scope region.Code) (string, error)
	// Confirm writes an import that waits for the user's confirmation: its file has no
	// blocking errors, and the user has seen how its columns were read and what it holds.
	Confirm(ctx context.Context, id string) error
	// Apply writes a staged import that waits for the user: with partial, the households
	// without blocking errors; without it, the import is abandoned.
	Apply(ctx context.Context, id string, partial bool) error
	// Status returns an import's progress and, when done, its summary.
	Status(ctx context.Context, id string) (ImportStatus, error)
	// Report writes the import's error report (xlsx) and returns its file name.
	Report(ctx context.Context, id string, w io.Writer) (string, error)
	// Recent lists the latest imports of the scope.
	Recent(ctx context.Context, scope region.Code, n int) ([]ImportStatus, error)
}

// ImportStatus is an import's progress and summary.
type ImportStatus struct {
	ID        string
	Filename  string
	Scope     region.Code
	By        string
	Started   time.Time
	Finished  time.Time
	Phase     string // what it is doing, in Chinese
	Percent   int
	Waiting   bool   // staged with blocking errors: waits for the user's decision
	Confirm   bool   // staged without blocking errors: waits for the user's confirmation to write
	Done      bool   // written, abandoned or failed
	Failed    string // why it stopped, when it did
	Abandoned bool

	Rows              int // rows read
	Households        int // households in the file
	Persons           int
	Blocking          int // blocking errors
	BlockedHouseholds int
	Defects           int // content problems imported as they are
	Summary           []string
	Issues            []string // the first blocking errors, one line each
	// Columns is the column mapping of each sheet read: how each header was read, and the
	// fields the sheet lacks.
	Columns []ImportSheetColumns

	Added, Changed, Unchanged, Skipped int // households written
	PersonsAdded, PersonsLeft          int
	Rescreened                         bool
}

// Params is the policy parameters store as the parameters page uses it.
type Params interface {
	// List returns the parameters in force for the region and year, with where each value
	// comes from.
	List(ctx context.Context, scope region.Code, year int) ([]Param, error)
	// Set sets a parameter for the region's subtree and the year.
	Set(ctx context.Context, scope region.Code, year int, name, value string) error
}

// Param is one policy parameter in force.
type Param struct {
	Name        string
	Title       string
	Unit        string
	Value       string
	Default     string
	Source      string // where the value in force comes from: 默认, or the region and year set
	Description string
}
