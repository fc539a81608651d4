package main

import (
	"fmt"
	"io"
	"math"
	"net/url"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"

	"deskpilot/web"
)

// Config is every setting of deskpilot. Precedence: flag > environment >
// default. Nothing is required: the defaults run the embedded mode offline.
type Config struct {
	DataDir     string // --data, DESKPILOT_DATA
	ConfigFile  string // --config, DESKPILOT_CONFIG: the connectors (default ./deskpilot.yaml when it exists)
	DatabaseURL string // --database-url, DATABASE_URL
	Addr        string // --addr, DESKPILOT_ADDR
	LogLevel    string // --log-level, DESKPILOT_LOG_LEVEL
	LogFormat   string // --log-format, DESKPILOT_LOG_FORMAT

	OpenAIAPIKey  string // OPENAI_API_KEY
	OpenAIBaseURL string // OPENAI_BASE_URL
	ChatModel     string // DESKPILOT_CHAT_MODEL
	// LLM says whether replies are drafted with the chat model: "auto" (when
	// OPENAI_API_KEY or OPENAI_BASE_URL is set), "on" or "off".
	LLM        string        // --llm, DESKPILOT_LLM
	LLMTimeout time.Duration // DESKPILOT_LLM_TIMEOUT
	// LLMBreakerFailures LLM calls failing in a row open the circuit
	// breaker for LLMBreakerCooldown: drafts are extractive at once.
	LLMBreakerFailures int           // DESKPILOT_LLM_BREAKER_FAILURES
	LLMBreakerCooldown time.Duration // DESKPILOT_LLM_BREAKER_COOLDOWN
	// LLM prices in US dollars per million tokens, for cost accounting.
	PromptPrice     float64 // DESKPILOT_LLM_PROMPT_PRICE
	CompletionPrice float64 // DESKPILOT_LLM_COMPLETION_PRICE
	EmbeddingModel  string  // DESKPILOT_EMBEDDING_MODEL
	// EmbeddingDimensions is the vector size of EmbeddingModel; required
	// with it, since indexes are built for one size.
	EmbeddingDimensions int // DESKPILOT_EMBEDDING_DIMENSIONS

	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed, space-separated IPs or CIDRs.
	TrustedProxies string // DESKPILOT_TRUSTED_PROXIES
	// SecureCookies marks cookies Secure behind a TLS-terminating proxy.
	SecureCookies  bool          // DESKPILOT_SECURE_COOKIES
	WidgetOrigins  string        // DESKPILOT_WIDGET_ORIGINS: who may frame the chat widget
	MaxRecordBytes int           // --max-record-bytes, DESKPILOT_MAX_RECORD_BYTES
	ShutdownGrace  time.Duration // DESKPILOT_SHUTDOWN_GRACE
	IndexInterval  time.Duration // DESKPILOT_INDEX_INTERVAL
	SyncInterval   time.Duration // DESKPILOT_SYNC_INTERVAL
	// ChatPerUser and ChatPerIP bound the self-service chat: questions per
	// minute for one user and for one client address.
	ChatPerUser int // DESKPILOT_CHAT_PER_USER
	ChatPerIP   int // DESKPILOT_CHAT_PER_IP
	// MetricsToken is a bearer token that may read /metrics from
	// anywhere; without it only admins' API tokens and this host may.
	MetricsToken string // DESKPILOT_METRICS_TOKEN
}

// setting describes one configuration value for flags, environment and the
// `config` command.
type setting struct {
	flag, env, help string
	secret          bool
	str             *string
	num             *int
	dur             *time.Duration
	flt             *float64
	bl              *bool
}

func (c *Config) settings() []setting {
	return []setting{
		{flag: "data", env: "DESKPILOT_DATA", help: "data folder of the embedded store", str: &c.DataDir},
		{flag: "config", env: "DESKPILOT_CONFIG", help: "configuration file with the connectors (default ./deskpilot.yaml when it exists)", str: &c.ConfigFile},
		{flag: "database-url", env: "DATABASE_URL", help: "PostgreSQL URL; set it to use PostgreSQL instead of the data folder", secret: true, str: &c.DatabaseURL},
		{flag: "addr", env: "DESKPILOT_ADDR", help: "address the server listens on", str: &c.Addr},
		{flag: "log-level", env: "DESKPILOT_LOG_LEVEL", help: "debug, info, warn or error", str: &c.LogLevel},
		{flag: "log-format", env: "DESKPILOT_LOG_FORMAT", help: "text or json", str: &c.LogFormat},
		{env: "OPENAI_API_KEY", help: "key of the OpenAI-compatible API", secret: true, str: &c.OpenAIAPIKey},
		{env: "OPENAI_BASE_URL", help: "base URL of the OpenAI-compatible API", str: &c.OpenAIBaseURL},
		{env: "DESKPILOT_CHAT_MODEL", help: "chat model name", str: &c.ChatModel},
		{flag: "llm", env: "DESKPILOT_LLM", help: "draft with the chat model: auto (when an OpenAI key or URL is set), on or off", str: &c.LLM},
		{env: "DESKPILOT_LLM_TIMEOUT", help: "how long one LLM request may take", dur: &c.LLMTimeout},
		{env: "DESKPILOT_LLM_BREAKER_FAILURES", help: "LLM calls failing in a row (after retries) that open the circuit breaker: drafts are then extractive at once", num: &c.LLMBreakerFailures},
		{env: "DESKPILOT_LLM_BREAKER_COOLDOWN", help: "how long the LLM circuit breaker stays open before a call probes the model again", dur: &c.LLMBreakerCooldown},
		{env: "DESKPILOT_LLM_PROMPT_PRICE", help: "USD per million prompt tokens, for cost reports", flt: &c.PromptPrice},
		{env: "DESKPILOT_LLM_COMPLETION_PRICE", help: "USD per million completion tokens, for cost reports", flt: &c.CompletionPrice},
		{env: "DESKPILOT_EMBEDDING_MODEL", help: "embedding model name (empty: the built-in local embedder)", str: &c.EmbeddingModel},
		{env: "DESKPILOT_EMBEDDING_DIMENSIONS", help: "vector size of the embedding model (required with it)", num: &c.EmbeddingDimensions},
		{flag: "max-record-bytes", env: "DESKPILOT_MAX_RECORD_BYTES", help: "largest record an import accepts", num: &c.MaxRecordBytes},
		{env: "DESKPILOT_TRUSTED_PROXIES", help: "reverse proxies (IPs or CIDRs, space-separated) whose X-Forwarded-For is believed", str: &c.TrustedProxies},
		{env: "DESKPILOT_SECURE_COOKIES", help: "mark cookies Secure (set it behind a TLS-terminating proxy)", bl: &c.SecureCookies},
		{env: "DESKPILOT_WIDGET_ORIGINS", help: "space-separated origins of the intranet pages that may embed the chat widget ('self': none but the desk)", str: &c.WidgetOrigins},
		{env: "DESKPILOT_SHUTDOWN_GRACE", help: "how long serve waits for requests in flight on shutdown", dur: &c.ShutdownGrace},
		{env: "DESKPILOT_INDEX_INTERVAL", help: "how often serve indexes what changed in the records", dur: &c.IndexInterval},
		{env: "DESKPILOT_SYNC_INTERVAL", help: "how often serve syncs the connectors of deskpilot.yaml", dur: &c.SyncInterval},
		{env: "DESKPILOT_CHAT_PER_USER", help: "chat questions a minute one user may ask", num: &c.ChatPerUser},
		{env: "DESKPILOT_CHAT_PER_IP", help: "chat questions a minute one client address may ask (all its users together)", num: &c.ChatPerIP},
		{env: "DESKPILOT_METRICS_TOKEN", help: "bearer token that may read /metrics (besides admins' API tokens and this host)", secret: true, str: &c.MetricsToken},
	}
}

// DefaultConfig returns the defaults.
func DefaultConfig() Config {
	return Config{
		DataDir: "./deskpilot-data", Addr: ":8080", LogLevel: "info", LogFormat: "text",
		ChatModel: "gpt-4o-mini", LLM: "auto", LLMTimeout: 30 * time.Second, LLMBreakerFailures: 5, LLMBreakerCooldown: 30 * time.Second,
		PromptPrice: 0.15, CompletionPrice: 0.60, MaxRecordBytes: 4 << 20, ShutdownGrace: 10 * time.Second,
		IndexInterval: 30 * time.Second, SyncInterval: 15 * time.Minute,
		ChatPerUser: 10, ChatPerIP: 60,
		WidgetOrigins: "'self'",
	}
}

// applyEnv overrides defaults with the environment, failing on values that
// do not parse, naming the variable.
func (c *Config) applyEnv(getenv func(string) string) error {
	for _, s := range c.settings() {
		v := getenv(s.env)
		if v == "" {
			continue
		}
		switch {
		case s.str != nil:
			*s.str = v
		case s.num != nil:
			n, err := strconv.Atoi(v)
			if err != nil || n <= 0 {
				return fmt.Errorf("%s=%q: want a positive whole number", s.env, v)
			}
			*s.num = n
		case s.dur != nil:
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return fmt.Errorf("%s=%q: want a duration such as 10s", s.env, v)
			}
			*s.dur = d
		case s.bl != nil:
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("%s=%q: want true or false", s.env, v)
			}
			*s.bl = b
		case s.flt != nil:
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0 || math.IsInf(f, 0) {
				return fmt.Errorf("%s=%q: want a number, 0 or more", s.env, v)
			}
			*s.flt = f
		}
	}
	return nil
}

// addFlags registers the settings that have flags, with the current values
// (defaults already overridden by the environment) as flag defaults.
func (c *Config) addFlags(fs *pflag.FlagSet, names ...string) {
	for _, s := range c.settings() {
		if s.flag == "" || !contains(names, s.flag) {
			continue
		}
		switch {
		case s.str != nil:
			fs.StringVar(s.str, s.flag, *s.str, s.help)
		case s.num != nil:
			fs.IntVar(s.num, s.flag, *s.num, s.help)
		}
	}
}

// settingError is an unacceptable configuration value; flag names the
// flag that can set it ("" for environment-only settings), so that a bad
// value typed on the command line counts as bad usage.
type settingError struct {
	flag, msg string
}

func (e *settingError) Error() string { return e.msg }

// validate checks the values that flags may have set.
func (c *Config) validate() error {
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return &settingError{"log-level", fmt.Sprintf("log level %q: want debug, info, warn or error (DESKPILOT_LOG_LEVEL)", c.LogLevel)}
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return &settingError{"log-format", fmt.Sprintf("log format %q: want text or json (DESKPILOT_LOG_FORMAT)", c.LogFormat)}
	}
	if c.DatabaseURL != "" {
		u, err := url.Parse(c.DatabaseURL)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			return &settingError{"database-url", "DATABASE_URL: want postgres://user:password@host/db"}
		}
	}
	if c.EmbeddingModel != "" && c.EmbeddingDimensions <= 0 {
		return &settingError{"", "DESKPILOT_EMBEDDING_DIMENSIONS: required with DESKPILOT_EMBEDDING_MODEL (the model's vector size, such as 1536)"}
	}
	if c.LLM != "auto" && c.LLM != "on" && c.LLM != "off" {
		return &settingError{"llm", fmt.Sprintf("llm %q: want auto, on or off (DESKPILOT_LLM)", c.LLM)}
	}
	if _, err := web.ParseWidgetOrigins(c.WidgetOrigins); err != nil {
		return &settingError{"", fmt.Sprintf("DESKPILOT_WIDGET_ORIGINS: %v", err)}
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < minMetricsToken {
		return &settingError{"", fmt.Sprintf("DESKPILOT_METRICS_TOKEN: at least %d characters (a random string, such as `openssl rand -hex 24`)", minMetricsToken)}
	}
	if c.MaxRecordBytes <= 0 {
		return &settingError{"max-record-bytes", fmt.Sprintf("max record bytes %d: want a positive number (DESKPILOT_MAX_RECORD_BYTES)", c.MaxRecordBytes)}
	}
	return nil
}

// minMetricsToken is the shortest metrics token taken: it is compared on
// every scrape, and guessable ones would expose the desk's activity.
const minMetricsToken = 16

// useLLM reports whether replies are drafted with the chat model.
func (c *Config) useLLM() bool {
	return c.LLM == "on" || (c.LLM == "auto" && (c.OpenAIAPIKey != "" || c.OpenAIBaseURL != ""))
}

// print writes the effective configuration with secrets masked.
func (c *Config) print(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VARIABLE\tFLAG\tVALUE")
	for _, s := range c.settings() {
		var v string
		switch {
		case s.str != nil:
			v = *s.str
		case s.num != nil:
			v = strconv.Itoa(*s.num)
		case s.dur != nil:
			v = s.dur.String()
		case s.flt != nil:
			v = strconv.FormatFloat(*s.flt, 'f', -1, 64)
		case s.bl != nil:
			v = strconv.FormatBool(*s.bl)
		}
		if s.secret {
			v = maskSecret(s.env, v)
		}
		flag := "-"
		if s.flag != "" {
			flag = "--" + s.flag
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", s.env, flag, v)
	}
	return tw.Flush()
}

// maskSecret hides a secret: a URL keeps everything but its password, a key
// keeps its last four characters when it is long enough to stay secret.
func maskSecret(name, v string) string {
	if v == "" {
		return ""
	}
	if u, err := url.Parse(v); err == nil && u.Scheme != "" && u.Host != "" {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
		q := u.Query()
		if q.Has("password") {
			q.Set("password", "xxxxx")
			u.RawQuery = q.Encode()
		}
		return u.String()
	}
	if len(v) >= 16 {
		return strings.Repeat("*", 8) + v[len(v)-4:]
	}
	return strings.Repeat("*", 8)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
