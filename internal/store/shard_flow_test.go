package store_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gonggu/gonggu/internal/audit"
	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/deptcompare"
	"github.com/gonggu/gonggu/internal/deptlists"
	"github.com/gonggu/gonggu/internal/funds"
	"github.com/gonggu/gonggu/internal/gen"
	"github.com/gonggu/gonggu/internal/importer"
	"github.com/gonggu/gonggu/internal/ledger"
	"github.com/gonggu/gonggu/internal/recognition"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/registry"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/screen"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/support"
)

// shardArea is the area the shard test fills: 定西市, a city of seven counties, so that the
// city's statements span counties as a province's would.
const shardArea = region.Code("621100000000")

// runShardFlows does, on db, what a county and a city do with gonggu, small: generate a
// registry and every domain's data, import the funds ledgers, screen the city and one county,
// compare two departments' lists of the city, re-screen one household after an edit, make the
// support and recognition forms' writes, refresh and read the scorecard, make ledger items from
// findings, export the county and import the file into a second database (recorded too), and
// then call every exported method of every store with arguments of one county, so that the
// statements no flow above reaches run as well.
func runShardFlows(t *testing.T, db *store.DB, rec *recorder) {
	t.Helper()
	ctx := context.Background()
	now := db.Now()
	tree, err := region.LoadArea(shardArea)
	if err != nil {
		t.Fatal(err)
	}
	reg := store.NewRegistry(db)
	if _, err := gen.Fill(ctx, reg, tree, gen.Config{Area: shardArea, Households: 350, Seed: 17, Year: now.Year(),
		Ref: now, Rates: gen.DefaultRates()}); err != nil {
		t.Fatal(err)
	}
	if _, err := gen.FillSupport(ctx, db, tree, gen.SupportConfig{Area: shardArea, Seed: 1, Ref: now,
		Rates: gen.DefaultSupportRates()}); err != nil {
		t.Fatal(err)
	}
	if _, err := gen.Followup(ctx, db, tree, shardArea, now, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := gen.FillRecognition(ctx, db, tree, gen.RecognitionConfig{Area: shardArea, Seed: 1, Ref: now,
		Rates: gen.DefaultRecognitionRates(), PoorLists: []int{0, 2}}); err != nil {
		t.Fatal(err)
	}
	if _, err := gen.FillProcedures(ctx, db, tree, gen.ProcedureConfig{Area: shardArea, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	counties, err := reg.Counties(ctx, shardArea)
	if err != nil || len(counties) < 2 {
		t.Fatalf("counties %v, %v", counties, err)
	}
	county := counties[0]
	fillFunds(t, ctx, db, tree, counties)

	// Screening: the city, then one county; then one household after an edit.
	engine := screen.New(db)
	deptcompare.Wire(db, engine)
	scores := score.New(db, tree)
	engine.AfterRun = scores.AfterScreening
	if _, err := engine.Run(ctx, screen.Options{Scope: shardArea}); err != nil {
		t.Fatal(err)
	}
	if _, err := engine.Run(ctx, screen.Options{Scope: county}); err != nil {
		t.Fatal(err)
	}
	compareDeptLists(t, ctx, db, engine, tree)

	var nos []string
	err = reg.ScanCounty(ctx, county, county, store.ScanOptions{}, func(a *registry.Aggregate) error {
		if len(nos) < 5 {
			nos = append(nos, a.Household.No)
		}
		return nil
	})
	if err != nil || len(nos) == 0 {
		t.Fatalf("scan %s: %v", county, err)
	}
	a, err := reg.Get(ctx, nos[0])
	if err != nil {
		t.Fatal(err)
	}
	a.Household.Phone = "13912345678"
	if err := reg.Put(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := engine.Household(ctx, nos[0]); err != nil {
		t.Fatal(err)
	}

	writer := &auth.User{Username: "shard-county", Role: auth.RoleCounty, Region: county}
	domainWrites(t, audit.WithActor(auth.WithUser(ctx, writer), audit.Actor{Username: writer.Username}), db, a)

	// The scorecard of the city and of the county.
	for _, s := range []region.Code{shardArea, county} {
		if _, err := scores.Refresh(ctx, s); err != nil {
			t.Fatal(err)
		}
		if _, err := scores.Card(ctx, s, ""); err != nil {
			t.Fatal(err)
		}
	}

	// Ledger items from the county's open findings, by the county.
	user := &auth.User{Username: "shard-county", Role: auth.RoleCounty, Region: county}
	as := audit.WithActor(auth.WithUser(ctx, user), audit.Actor{Username: user.Username})
	var items []*ledger.Item
	err = store.NewFindings(db).Each(ctx, store.FindingFilter{Scope: county, Status: store.StatusOpen}, func(f *store.Finding) error {
		if len(items) < 3 && f.SubjectKind == "household" {
			items = append(items, &ledger.Item{Region: f.Region, Source: ledger.FromFinding, RuleID: f.RuleID,
				Description: "整改" + f.RuleID, Unit: "某镇", Person: "张三", Deadline: "2026-12-20", FindingIDs: []string{f.ID}})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) > 0 {
		if err := store.NewLedger(db).Create(as, items); err != nil {
			t.Fatal(err)
		}
		if _, err := store.NewLedger(db).Move(as, items[0].ID, ledger.Doing, "已开始整改"); err != nil {
			t.Fatal(err)
		}
	}

	// Export the county as the national system would and import it into a new database.
	out := filepath.Join(t.TempDir(), "county.csv")
	plan, err := importer.PlanExport(ctx, db, tree, county, out, importer.ExportOptions{CSV: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plan.Write(ctx, db, tree, nil); err != nil {
		t.Fatal(err)
	}
	db2 := openRecorded(t, rec)
	country, err := region.Load()
	if err != nil {
		t.Fatal(err)
	}
	im := &importer.Importer{DB: db2, Tree: country, Now: db2.Now, DefaultYear: now.Year() - 1, Username: "shard"}
	engine2 := screen.New(db2)
	im.AfterWrite = func(ctx context.Context, nos []string) error {
		_, err := engine2.Households(ctx, nos)
		return err
	}
	var files []importer.File
	for _, p := range plan.Files() {
		files = append(files, importer.File{Path: p})
	}
	for range 2 { // added, then unchanged
		st, _, err := im.Import(ctx, files, importer.Options{MarkLeft: true})
		if st != nil {
			st.Close()
		}
		if err != nil {
			t.Fatal(err)
		}
	}

	sweepStores(t, as, db, county, nos)
}

// sweepStores calls every exported method of every store on db with arguments of one county:
// region codes are the county, a filter's region fields too, string slices are households of
// the county, callbacks accept what they are given. Errors are expected (an empty ID is not
// found) and ignored: what counts is the SQL each method runs to get there. Methods that take
// a caller's transaction or that act on files are left to the flows above.
func sweepStores(t *testing.T, ctx context.Context, db *store.DB, county region.Code, nos []string) {
	t.Helper()
	stores := []any{
		store.NewRegistry(db), store.NewFindings(db), store.NewParams(db), store.NewGaps(db), store.NewImports(db),
		store.NewUsers(db), store.NewSessions(db), store.NewAuditLog(db), store.NewScores(db), store.NewLedger(db),
		store.NewSupport(db), store.NewFunds(db), store.NewRelocation(db), store.NewEmployment(db),
		store.NewAssistance(db), store.NewRecognition(db), store.NewDeptLists(db), store.NewProcedures(db),
		store.NewKeycard(db), store.NewSample(db), store.NewListImports(db), store.NewArchives(db),
	}
	swept := map[string]bool{}
	for _, s := range stores {
		swept[reflect.TypeOf(s).Elem().Name()] = true
	}
	for _, name := range storeTypes(t) {
		if !swept[name] {
			t.Logf("sweep: store.%s is not swept yet (add store.New%s… above); its complete SQL literals are still judged from the source", name, name)
		}
	}
	skip := func(name string) bool {
		for _, s := range []string{"Backup", "Restore", "Bulk", "Load", "Close", "Wait", "Delete", "Purge", "Drop"} {
			if strings.Contains(name, s) {
				return true
			}
		}
		return false
	}
	// Values a method needs that a zero value would not do: the county's parameters.
	ps, err := store.NewParams(db).Resolve(ctx, county, 2026)
	if err != nil {
		t.Fatal(err)
	}
	known := map[reflect.Type]reflect.Value{reflect.TypeOf(ps): reflect.ValueOf(ps)}
	panicked := 0
	for _, s := range stores {
		v := reflect.ValueOf(s)
		for i := 0; i < v.NumMethod(); i++ {
			m := v.Type().Method(i)
			if skip(m.Name) {
				continue
			}
			// String arguments are tried as a household number and as a record ID, which
			// begins with its county's code: each method finds something to look up.
			strs := []string{nos[len(nos)-1], store.NewFindingID(county)}
			if m.Name == "EachExport" {
				strs = exportLists // its argument names a list
			}
			for _, str := range strs {
				args, ok := sweepArgs(ctx, m.Type, county, str, known)
				if !ok {
					break
				}
				sweepCall(t, v, m, args, &panicked)
				if !hasString(m.Type) {
					break
				}
			}
		}
	}
	if panicked > 0 {
		t.Logf("sweep: %d methods panicked on made-up arguments; the flows above run them with real ones", panicked)
	}
}

// exportLists are the lists the domains' EachExport write (assistance, employment, relocation);
// a key a domain does not have is refused before any SQL.
var exportLists = []string{"families", "records", "loans", "wishes", "ratings", "posts", "pays", "workshops", "workers",
	"figures", "needs", "sites", "facilities", "residents", "followups"}

// sweepCall calls method m of v, recovering from a panic on made-up arguments.
func sweepCall(t *testing.T, v reflect.Value, m reflect.Method, args []reflect.Value, panicked *int) {
	defer func() {
		if p := recover(); p != nil {
			*panicked++
			t.Logf("sweep: %s.%s panicked on its made-up arguments: %v", v.Type(), m.Name, p)
		}
	}()
	if m.Type.IsVariadic() {
		v.Method(m.Index).CallSlice(args)
	} else {
		v.Method(m.Index).Call(args)
	}
}

// hasString reports whether method type mt (receiver first) takes a string.

func hasString(mt reflect.Type) bool {
	for i := 1; i < mt.NumIn(); i++ {
		if mt.In(i).Kind() == reflect.String {
			return true
		}
	}
	return false
}

var (
	ctxType    = reflect.TypeFor[context.Context]()
	codeType   = reflect.TypeFor[region.Code]()
	dateType   = reflect.TypeFor[registry.Date]()
	timeType   = reflect.TypeFor[time.Time]()
	errType    = reflect.TypeFor[error]()
	writerType = reflect.TypeFor[io.Writer]()
)

// sweepArgs builds the arguments of method type mt (receiver first) for one county, or says
// the method cannot be called that way.
func sweepArgs(ctx context.Context, mt reflect.Type, county region.Code, str string, known map[reflect.Type]reflect.Value) ([]reflect.Value, bool) {
	var args []reflect.Value
	for i := 1; i < mt.NumIn(); i++ {
		v, ok := sweepValue(ctx, mt.In(i), county, str, known)
		if !ok {
			return nil, false
		}
		args = append(args, v)
	}
	return args, true
}

func sweepValue(ctx context.Context, at reflect.Type, county region.Code, str string, known map[reflect.Type]reflect.Value) (reflect.Value, bool) {
	if v, ok := known[at]; ok {
		return v, true
	}
	switch {
	case at == ctxType:
		return reflect.ValueOf(ctx), true
	case at == codeType:
		return reflect.ValueOf(county), true
	case at == dateType:
		return reflect.ValueOf(registry.DateOf(time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC))), true
	case at == timeType:
		return reflect.ValueOf(time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC)), true
	case at == writerType:
		return reflect.ValueOf(io.Discard), true
	case at.Kind() == reflect.Slice && at.Elem().Kind() == reflect.String:
		s := reflect.MakeSlice(at, 1, 1)
		s.Index(0).SetString(str)
		return s, true
	case at.Kind() == reflect.String:
		// Most string arguments are an ID or a number to look up, and an empty one is
		// refused before any SQL runs.
		v := reflect.New(at).Elem()
		v.SetString(str)
		return v, true
	case at.Kind() == reflect.Func:
		return reflect.MakeFunc(at, func(in []reflect.Value) []reflect.Value {
			out := make([]reflect.Value, at.NumOut())
			for i := range out {
				if v, ok := known[at.Out(i)]; ok {
					out[i] = v
				} else {
					out[i] = reflect.Zero(at.Out(i))
				}
			}
			return out
		}), true
	case at.Kind() == reflect.Struct:
		v := reflect.New(at).Elem()
		setCodes(v, county)
		return v, true
	case at.Kind() == reflect.Pointer:
		// A record to write or a caller's transaction: left to the flows, which have real ones.
		return reflect.Value{}, false
	case at.Kind() == reflect.Interface && at != errType:
		return reflect.Value{}, false
	}
	switch at.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int64, reflect.Int32, reflect.Float64, reflect.Map, reflect.Slice:
		if at.Kind() == reflect.Int || at.Kind() == reflect.Int64 {
			return reflect.ValueOf(int64(10)).Convert(at), true
		}
		return reflect.Zero(at), true
	}
	return reflect.Value{}, false
}

// setCodes sets the region fields of a filter, and of the filters it embeds, to county.
func setCodes(v reflect.Value, county region.Code) {
	for i := 0; i < v.NumField(); i++ {
		f, sf := v.Field(i), v.Type().Field(i)
		switch {
		case !f.CanSet():
		case sf.Type == codeType:
			f.Set(reflect.ValueOf(county))
		case sf.Anonymous && sf.Type.Kind() == reflect.Struct:
			setCodes(f, county)
		}
	}
}

// storeTypes lists the store types with a constructor New…(db *DB) in the store's source.
func storeTypes(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range constructorRE.FindAllStringSubmatch(string(b), -1) {
			out = append(out, m[1])
		}
	}
	return out
}

var constructorRE = regexp.MustCompile(`(?m)^func New\w*\(db \*DB\) \*(\w+) `)

// fillFunds imports the demo's projects, fund flows, assets and PV stations of each county,
// ledger by ledger, as gonggu demo does.
func fillFunds(t *testing.T, ctx context.Context, db *store.DB, tree *region.Tree, counties []region.Code) {
	t.Helper()
	fs := store.NewFunds(db)
	cfg := gen.FundsConfig{Seed: 1, Ref: db.Now(), Tree: tree}
	for _, c := range counties {
		targets, err := fs.TargetHouseholds(ctx, c, score.TargetKinds)
		if err != nil {
			t.Fatal(err)
		}
		fc := gen.FundsCounty{County: c}
		for _, v := range tree.Descendants(c, region.Village) {
			if hs := targets[v.Code]; len(hs) > 0 {
				fc.Villages = append(fc.Villages, gen.FundsVillage{Code: v.Code, Households: hs})
			}
		}
		if len(fc.Villages) > 0 {
			cfg.Counties = append(cfg.Counties, fc)
		}
	}
	data := gen.GenerateFunds(cfg)
	data.Beneficiaries(cfg)
	for _, c := range data.Counties {
		b := data.Batches[c]
		parts := map[string]funds.Batch{
			"projects": {Projects: b.Projects}, "beneficiaries": {Beneficiaries: b.Beneficiaries},
			"flows": {Flows: b.Flows}, "assets": {Assets: b.Assets},
			"incomes": {Incomes: b.Incomes, Distributions: b.Distributions}, "stations": {Stations: b.Stations},
			"pvops": {Ops: b.Ops}, "pvmonths": {Months: b.Months},
		}
		for _, l := range funds.Ledgers {
			part := parts[l.Key]
			if _, err := fs.Apply(ctx, &funds.Import{Ledger: l, County: c, File: "分片测试", Batch: part, Rows: part.Len()}); err != nil {
				t.Fatalf("funds %s %s: %v", c, l.Key, err)
			}
		}
	}
	for _, a := range data.Averages {
		if err := fs.SetProvinceAverage(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
}

// domainWrites makes the edits a county makes through its forms in the support and recognition
// domains, around the household a: a work team with a member, attendance and leave, a cadre's
// visit, a satisfaction survey and a petition.
func domainWrites(t *testing.T, ctx context.Context, db *store.DB, a *registry.Aggregate) {
	t.Helper()
	village := a.Household.Village
	s := store.NewSupport(db)
	team := &support.Team{Village: village, Name: "县农业农村局驻村工作队", Unit: "县农业农村局"}
	if err := s.PutTeam(ctx, team); err != nil {
		t.Fatal(err)
	}
	c := &support.Cadre{Region: village, Name: "赵刚", Unit: "县农业农村局", Phone: "13900000003", Level: support.LevelResident}
	if err := s.PutCadre(ctx, c); err != nil {
		t.Fatal(err)
	}
	m := &support.Member{TeamID: team.ID, CadreID: c.ID, Role: support.SecretaryLead, Start: registry.NewDate(2025, 6, 1)}
	if err := s.PutMember(ctx, m); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAttendance(ctx, support.Attendance{MemberID: m.ID, Month: registry.NewMonth(2026, 10), Days: 18}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddLeave(ctx, &support.Leave{MemberID: m.ID, From: registry.NewDate(2026, 10, 8), To: registry.NewDate(2026, 10, 12),
		Reason: "家中有事"}); err != nil {
		t.Fatal(err)
	}
	visit := &support.Visit{HouseholdNo: a.Household.No, CadreID: c.ID, On: registry.NewDate(2026, 11, 20), Way: support.InPerson,
		NeedsMet: registry.Yes, Hardship: registry.Yes, HardshipNote: "妻子住院", KnowsCadre: registry.No, Key: "shard-1", CreatedBy: "shard"}
	if _, err := s.AddVisit(ctx, visit, []byte("\xff\xd8\xffjpeg"), "image/jpeg"); err != nil {
		t.Fatal(err)
	}

	rec := store.NewRecognition(db)
	if _, err := rec.AddSurvey(ctx, &recognition.Survey{HouseholdNo: a.Household.No, On: registry.NewDate(2026, 10, 1),
		Round: "四季度", Overall: 2, Way: "上门", Key: "shard-survey"}); err != nil {
		t.Fatal(err)
	}
	if _, err := rec.PutPetition(ctx, &recognition.Petition{Region: village.County(), Kind: "访", Ref: "XF-shard", Title: "村道损坏",
		Topic: "路", HouseholdNo: a.Household.No, ReceivedOn: registry.NewDate(2026, 9, 1)}, 0); err != nil {
		t.Fatal(err)
	}
}

// compareDeptLists compares two departments' lists of the whole city with the registry, as
// gonggu compare does: each list is stored per county in one batch, and the city re-screened.
func compareDeptLists(t *testing.T, ctx context.Context, db *store.DB, engine *screen.Engine, tree *region.Tree) {
	t.Helper()
	svc := deptcompare.New(db, engine, tree)
	for _, kind := range []deptlists.Kind{deptlists.Medical, deptlists.Housing} {
		var buf bytes.Buffer
		if _, _, err := gen.DeptList(ctx, db, shardArea, gen.DeptListConfig{Kind: kind, Seed: 1, Year: 2026, Rate: 1, Wrong: 0.05,
			Outsiders: 3}, &buf); err != nil {
			t.Fatal(err)
		}
		res, err := deptcompare.Read(kind, "list.csv", bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Compare(ctx, res, deptcompare.Options{Kind: kind, Scope: shardArea, Year: 2026, Screen: true}); err != nil {
			t.Fatalf("compare the %s list: %v", kind, err)
		}
	}
}
