package openaitest

import (
	"fmt"
	"net/http"
)

// Error is an error answer: an HTTP status and the API's error body
// {"error":{"message":...,"type":...,"param":...,"code":...}}. Scripted
// behaviours return it to fail a request the way the API does. An empty
// Message or Type takes the API's usual value for the status, and so does
// Code when Message is empty too; an empty Param or Code is sent as null.
type Error struct {
	Status     int
	Message    string
	Type       string
	Param      string
	Code       string
	RetryAfter string // sent as the Retry-After header when not empty
}

// Error returns the message with its status.
func (e *Error) Error() string {
	message, typ, _ := e.defaults()
	return fmt.Sprintf("openaitest: %d %s: %s", e.Status, typ, message)
}

// wireError is the error object of the API's error body. All four keys are
// required by the API's schema; param and code may be null.
type wireError struct {
	Message string  `json:"message"`
	Type    string  `json:"type"`
	Param   *string `json:"param"`
	Code    *string `json:"code"`
}

// errorBody is the API's error answer.
type errorBody struct {
	Error wireError `json:"error"`
}

// defaults fills what e leaves empty with what the API sends for its status.
func (e *Error) defaults() (message, typ, code string) {
	message, typ, code = e.Message, e.Type, e.Code
	var dm, dt, dc string
	switch {
	case e.Status == http.StatusUnauthorized:
		dm, dt, dc = "Incorrect API key provided.", "invalid_request_error", "invalid_api_key"
	case e.Status == http.StatusNotFound:
		dm, dt = "The requested resource does not exist.", "invalid_request_error"
	case e.Status == http.StatusTooManyRequests:
		dm, dt, dc = "Rate limit reached for requests. Please try again later.", "requests", "rate_limit_exceeded"
	case e.Status == http.StatusServiceUnavailable:
		dm, dt = "The server is overloaded or not ready yet.", "server_error"
	case e.Status >= 500:
		dm, dt = "The server had an error while processing your request. Sorry about that!", "server_error"
	default:
		dm, dt = "Invalid request.", "invalid_request_error"
	}
	if message == "" {
		message = dm
	}
	if typ == "" {
		typ = dt
	}
	if code == "" && e.Message == "" {
		code = dc
	}
	return message, typ, code
}

// writeError answers e with its status, headers and body.
func writeError(w http.ResponseWriter, e *Error) {
	message, typ, code := e.defaults()
	body := errorBody{Error: wireError{Message: message, Type: typ, Param: nullable(e.Param), Code: nullable(code)}}
	if e.RetryAfter != "" {
		w.Header().Set("Retry-After", e.RetryAfter)
	}
	status := e.Status
	if status == 0 {
		status = http.StatusInternalServerError
	}
	writeJSON(w, status, body)
}

// invalid is a 400 invalid_request_error about param.
func invalid(param, message string) *Error {
	return &Error{Status: http.StatusBadRequest, Type: "invalid_request_error", Param: param, Message: message}
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
