package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
)

var errInternalPanic = errors.New("web: handler panicked")

// fail shows an error to the user: a page that says what happened and what to do, or a JSON
// body for the API. Internal errors are logged with the request id, and the user sees only a
// generic message and that id.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := errs.HTTPStatus(err)
	if errors.Is(err, auth.ErrThrottled) || errors.Is(err, auth.ErrBusy) {
		status = http.StatusTooManyRequests
		setRetryAfter(w, err)
	}
	rid := requestID(r.Context())
	if status >= 500 {
		s.log.Error("request failed", "request_id", rid, "pattern", r.Pattern, "err", err)
	}
	// A message may quote what the user sent or a file holds (a ledger row's cell, a value
	// that did not parse): the numbers in it are masked like any free text.
	msg := auth.MaskText(errs.Message(err))
	if isAPI(r) {
		writeJSON(w, status, map[string]any{"error": msg, "code": string(errs.CodeOf(err)), "request_id": rid})
		return
	}
	if status == http.StatusUnauthorized && r.Method == http.MethodGet && user(r) == nil {
		next := r.URL.RequestURI()
		if r.Header.Get("HX-Request") != "" {
			w.Header().Set("HX-Redirect", "/login")
			w.WriteHeader(status)
			return
		}
		http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
		return
	}
	s.render(w, r, status, "error", errorPage{Status: status, Title: statusTitle(status), Message: msg,
		Hint: statusHint(status), RequestID: rid})
}

type errorPage struct {
	Status    int
	Title     string
	Message   string
	Hint      string
	RequestID string
}

func statusTitle(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "填写的内容有误"
	case http.StatusUnauthorized:
		return "需要登录"
	case http.StatusForbidden:
		return "没有权限"
	case http.StatusNotFound:
		return "没有找到"
	case http.StatusConflict:
		return "数据冲突"
	case http.StatusTooManyRequests:
		return "操作过于频繁"
	case http.StatusRequestEntityTooLarge:
		return "文件过大"
	}
	return "系统出错了"
}

func statusHint(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "请返回上一页，按提示修改后重新提交。"
	case http.StatusUnauthorized:
		return "请重新登录。"
	case http.StatusForbidden:
		return "您只能查看和处理本人所辖地区的数据。如确需访问，请联系上级管理员调整账号的管辖范围或角色。"
	case http.StatusNotFound:
		return "请检查地址或编号是否正确，或从首页、农户查询重新进入。"
	case http.StatusConflict:
		return "数据已被他人修改，请刷新页面后再试。"
	case http.StatusTooManyRequests:
		return "请稍后再试。"
	}
	return "请稍后重试；如果问题持续存在，请把下面的错误编号告诉系统管理员。"
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}
