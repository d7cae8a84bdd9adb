// Package errs is gonggu's one error type: a code that says what kind of failure it is, a
// message in Chinese that may be shown to a user, and the wrapped cause that stays internal.
package errs

import (
	"errors"
	"fmt"
	"net/http"
)

// Code classifies an error. Each code maps to one HTTP status in HTTPStatus.
type Code string

// The error codes of gonggu.
const (
	Invalid      Code = "invalid"
	NotFound     Code = "not_found"
	Conflict     Code = "conflict"
	Unauthorized Code = "unauthorized"
	Forbidden    Code = "forbidden"
	Internal     Code = "internal"
)

// Error is an error with a code and a user-facing Chinese message. Cause, when set, is the
// internal error behind it; it is logged but never shown to a user.
type Error struct {
	Code    Code
	Message string
	Cause   error
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Cause)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Cause }

// E returns an error with the code and a user-facing message built with fmt.Sprintf.
func E(code Code, format string, args ...any) error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an error with the code and message whose internal cause is err.
func Wrap(err error, code Code, format string, args ...any) error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Cause: err}
}

// CodeOf returns the code of the first *Error in err's chain, Internal when there is none.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// Message returns the user-facing message of err. An error without an *Error in its chain is
// internal, and its text is never shown: the user gets a generic message instead.
func Message(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != Internal && e.Message != "" {
		return e.Message
	}
	return "系统内部错误，请稍后重试或联系管理员"
}

// Is reports whether err carries the code.
func Is(err error, code Code) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}

// HTTPStatus maps an error to its HTTP status: the one place where codes meet HTTP.
func HTTPStatus(err error) int {
	switch CodeOf(err) {
	case Invalid:
		return http.StatusBadRequest
	case NotFound:
		return http.StatusNotFound
	case Conflict:
		return http.StatusConflict
	case Unauthorized:
		return http.StatusUnauthorized
	case Forbidden:
		return http.StatusForbidden
	default:
		return http.StatusInternalServerError
	}
}
