// Package audit is gonggu's audit log: what was changed or viewed unmasked, by whom, when,
// from where and in which request. The acting user and request id travel in the context, so
// the code that writes an entry needs no extra parameters.
package audit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/gonggu/gonggu/internal/region"
)

// Action is what an entry records.
type Action string

// The actions of the audit log.
const (
	Login           Action = "login"
	LoginFailed     Action = "login.failed"
	Logout          Action = "logout"
	HouseholdUpdate Action = "household.update"
	PersonUpdate    Action = "person.update"
	PersonAdd       Action = "person.add"
	IncomeUpdate    Action = "income.update"
	MeasureUpdate   Action = "measure.update"
	MeasureDelete   Action = "measure.delete"
	Reveal          Action = "reveal"
	FindingWaive    Action = "finding.waive"
	FindingReopen   Action = "finding.reopen"
	Import          Action = "import"
	Export          Action = "export"
	Screen          Action = "screen"
	ParamUpdate     Action = "param.update"
	UserAdd         Action = "user.add"
	UserPassword    Action = "user.passwd"
	UserDisable     Action = "user.disable"
	LedgerCreate    Action = "ledger.create"
	LedgerUpdate    Action = "ledger.update"
	LedgerStatus    Action = "ledger.status"
	LedgerFile      Action = "ledger.file"
	CadreUpdate     Action = "cadre.update"
	PairingUpdate   Action = "pairing.update"
	VisitAdd        Action = "visit.add"
	TeamUpdate      Action = "team.update"
	GridUpdate      Action = "grid.update"
	FundsUpdate     Action = "funds.update"
	SurveyAdd       Action = "survey.add"
	SurveyFollowUp  Action = "survey.followup"
	PetitionAdd     Action = "petition.add"
	PetitionUpdate  Action = "petition.update"
	PrintOut        Action = "print"
	ProcedureUpdate Action = "procedure.update"
	ArchiveUpdate   Action = "archive.update"
	PlanUpdate      Action = "plan.update"
	FollowUpAdd     Action = "followup.add"
	NeedUpdate      Action = "need.update"
	AssistAdd       Action = "assist.add"
)

var actionNames = map[Action]string{
	Login:           "登录",
	LoginFailed:     "登录失败",
	Logout:          "退出",
	HouseholdUpdate: "修改户信息",
	PersonUpdate:    "修改家庭成员",
	PersonAdd:       "新增家庭成员",
	IncomeUpdate:    "修改收入",
	MeasureUpdate:   "修改帮扶措施",
	MeasureDelete:   "删除帮扶措施",
	Reveal:          "查看完整证件号码和电话",
	FindingWaive:    "问题例外说明",
	FindingReopen:   "撤销例外说明",
	Import:          "导入数据",
	Export:          "导出数据",
	Screen:          "排查",
	ParamUpdate:     "修改政策参数",
	UserAdd:         "新增用户",
	UserPassword:    "修改密码",
	UserDisable:     "停用用户",
	LedgerCreate:    "新增整改事项",
	LedgerUpdate:    "修改整改事项",
	LedgerStatus:    "整改状态变更",
	LedgerFile:      "上传佐证材料",
	CadreUpdate:     "修改帮扶干部",
	PairingUpdate:   "修改帮扶关系",
	VisitAdd:        "新增走访记录",
	TeamUpdate:      "修改驻村工作队",
	GridUpdate:      "修改网格",
	FundsUpdate:     "修改项目资金资产数据",
	SurveyAdd:       "录入满意度调查",
	SurveyFollowUp:  "登记不满意户回访",
	PetitionAdd:     "登记信访事项",
	PetitionUpdate:  "办理信访事项",
	PrintOut:        "打印明白卡或帮扶手册",
	ProcedureUpdate: "办理监测对象识别或风险消除程序",
	ArchiveUpdate:   "整理档案资料",
	PlanUpdate:      "修改工作计划或政策配套",
	FollowUpAdd:     "登记搬迁后续扶持",
	NeedUpdate:      "办理就业需求",
	AssistAdd:       "登记低收入人口帮扶",
}

// Actions lists the actions in the order filters show them.
var Actions = []Action{HouseholdUpdate, PersonAdd, PersonUpdate, IncomeUpdate, MeasureUpdate, MeasureDelete,
	Reveal, FindingWaive, FindingReopen, Import, Export, Screen, ParamUpdate, Login, LoginFailed,
	Logout, UserAdd, UserPassword, UserDisable, LedgerCreate, LedgerUpdate, LedgerStatus, LedgerFile,
	CadreUpdate, PairingUpdate, VisitAdd, TeamUpdate, GridUpdate, FundsUpdate,
	ProcedureUpdate, ArchiveUpdate, PlanUpdate, FollowUpAdd, NeedUpdate, AssistAdd,
	SurveyAdd, SurveyFollowUp, PetitionAdd, PetitionUpdate, PrintOut}

// Name returns the action's Chinese name.
func (a Action) Name() string {
	if n, ok := actionNames[a]; ok {
		return n
	}
	return string(a)
}

// IsChange reports whether the action changed the registry's data, its findings or its
// parameters (as opposed to a login, a view, an export or the management of users).
func (a Action) IsChange() bool {
	switch a {
	case Login, LoginFailed, Logout, Reveal, Export, PrintOut, UserAdd, UserPassword, UserDisable:
		return false
	}
	return true
}

// Entry is one row of the audit log. Detail says what changed in Chinese; it names fields and
// shows personal numbers masked, never in full.
type Entry struct {
	ID         string
	At         time.Time
	Username   string
	RequestID  string
	IP         string
	Action     Action
	ObjectType string // household, person, finding, import, user, param, …
	ObjectID   string
	Region     region.Code // the region the object belongs to, for scoped browsing
	Detail     string
}

// Actor is who acts in a request: the user, the request id and the client address.
type Actor struct {
	Username  string
	RequestID string
	IP        string
}

type actorKey struct{}

// WithActor returns a context that carries the actor.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor of the context; a context without one is the system itself
// (a command run on the server).
func ActorFrom(ctx context.Context) Actor {
	a, ok := ctx.Value(actorKey{}).(Actor)
	if !ok {
		return Actor{Username: "（系统）"}
	}
	return a
}

// Fill completes the entry from the context's actor and the clock, and gives it an id.
func (e *Entry) Fill(ctx context.Context, now time.Time) {
	a := ActorFrom(ctx)
	if e.Username == "" {
		e.Username = a.Username
	}
	if e.RequestID == "" {
		e.RequestID = a.RequestID
	}
	if e.IP == "" {
		e.IP = a.IP
	}
	if e.At.IsZero() {
		e.At = now
	}
	if e.ID == "" {
		e.ID = NewID(e.At)
	}
}

// NewID returns a time-ordered unique id: microseconds since the epoch in hex, then random
// bits, so ids from several servers sort by time and never collide.
func NewID(t time.Time) string {
	b := make([]byte, 5)
	rand.Read(b)
	return fmt.Sprintf("%014x%s", t.UnixMicro(), hex.EncodeToString(b))
}

// Filter selects entries. The zero Filter selects everything.
type Filter struct {
	Region   region.Code // entries of this region's subtree ("" for all)
	Username string
	Action   Action
	Object   string // object type, with ObjectID
	ObjectID string
	From, To time.Time // To is exclusive
	Before   string    // only ids before this one: the next page
	Changes  bool      // only changes of data (Action.IsChange)
	Limit    int
}
