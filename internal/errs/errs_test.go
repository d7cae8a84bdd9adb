package errs

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
)

func TestMapping(t *testing.T) {
	internalErr := fmt.Errorf("pq: relation \"x\" does not exist")
	for _, tc := range []struct {
		err    error
		status int
		msg    string
	}{
		{E(Invalid, "户编号不能为空"), http.StatusBadRequest, "户编号不能为空"},
		{fmt.Errorf("import: %w", E(NotFound, "户编号 %s 不存在", "1")), http.StatusNotFound, "户编号 1 不存在"},
		{E(Forbidden, "无权查看"), http.StatusForbidden, "无权查看"},
		{E(Conflict, "冲突"), http.StatusConflict, "冲突"},
		{E(Unauthorized, "请登录"), http.StatusUnauthorized, "请登录"},
		{internalErr, http.StatusInternalServerError, "系统内部错误，请稍后重试或联系管理员"},
		{Wrap(internalErr, Internal, "数据库操作失败"), http.StatusInternalServerError, "系统内部错误，请稍后重试或联系管理员"},
	} {
		if got := HTTPStatus(tc.err); got != tc.status {
			t.Errorf("HTTPStatus(%v) = %d, want %d", tc.err, got, tc.status)
		}
		if got := Message(tc.err); got != tc.msg {
			t.Errorf("Message(%v) = %q, want %q", tc.err, got, tc.msg)
		}
	}
	w := Wrap(internalErr, Invalid, "文件无法读取")
	if !errors.Is(w, internalErr) || !Is(w, Invalid) || Is(w, NotFound) {
		t.Error("Wrap keeps the cause and the code")
	}
}
