package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"gopkg.in/yaml.v3"

	"deskpilot/connectors"
)

// defaultConfigFile is read when neither --config nor DESKPILOT_CONFIG
// names a file and it exists in the working folder.
const defaultConfigFile = "deskpilot.yaml"

// configFile is deskpilot.yaml: the connectors to sync. Secrets may be
// left out of it and given by the environment instead.
type configFile struct {
	Path       string
	Connectors []*connectorEntry
}

// connectorEntry is one item of the connectors list.
type connectorEntry struct {
	Type string
	Name string
	// ReconcileEvery is how often the records are compared with the full
	// list of what the source holds (reconcile_every; negative: never).
	ReconcileEvery time.Duration
	// Settings holds the type's own keys.
	Settings sourceSettings
	line     int
}

// where names the entry in messages: "deskpilot.yaml:12: connector zendesk".
func (e *connectorEntry) where(path string) string {
	return fmt.Sprintf("%s:%d: connector %s", path, e.line, e.Name)
}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)

// loadConfigFile reads the configuration file cfg names, or ./deskpilot.yaml
// when it names none; nil when there is no file. Secrets are then taken
// from the environment where set (see secretEnv).
func loadConfigFile(cfg *Config, getenv func(string) string) (*configFile, error) {
	path := cfg.ConfigFile
	if path == "" {
		if _, err := os.Stat(defaultConfigFile); err != nil {
			return nil, nil
		}
		path = defaultConfigFile
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("configuration file (--config, DESKPILOT_CONFIG): %w", err)
	}
	f, err := parseConfigFile(path, data)
	if err != nil {
		return nil, err
	}
	for _, e := range f.Connectors {
		applySecretEnv(e, getenv)
	}
	return f, nil
}

// parseConfigFile reads the YAML of a configuration file, refusing keys it
// does not know, with the line of each mistake.
func parseConfigFile(path string, data []byte) (*configFile, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f := &configFile{Path: path}
	if len(doc.Content) == 0 {
		return f, nil // an empty file
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: want a mapping with a connectors list", path, root.Line)
	}
	for i := 0; i < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != "connectors" {
			return nil, fmt.Errorf("%s:%d: unknown key %q (known: connectors)", path, k.Line, k.Value)
		}
		if v.Kind != yaml.SequenceNode {
			return nil, fmt.Errorf("%s:%d: connectors: want a list", path, v.Line)
		}
		for j, item := range v.Content {
			e, err := parseConnector(item)
			if err != nil {
				line, what := item.Line, fmt.Sprintf("connectors[%d]", j)
				var le *lineError
				if errors.As(err, &le) {
					line, err = le.line, le.err
				}
				if e != nil {
					what += " (" + e.Name + ")"
				}
				return nil, fmt.Errorf("%s:%d: %s: %w", path, line, what, err)
			}
			f.Connectors = append(f.Connectors, e)
		}
	}
	seen := map[string]int{}
	for _, e := range f.Connectors {
		if line, dup := seen[e.Name]; dup {
			return nil, fmt.Errorf("%s:%d: connector name %q is used on line %d already: give each a name of its own", path, e.line, e.Name, line)
		}
		seen[e.Name] = e.line
	}
	return f, nil
}

// lineError is a mistake at a line of the file other than its entry's.
type lineError struct {
	line int
	err  error
}

func (e *lineError) Error() string { return e.err.Error() }

// parseConnector reads one item of the connectors list: its type, name
// and reconcile_every, and the type's own keys into its settings. The
// entry is returned with the error once its name is known.
func parseConnector(n *yaml.Node) (*connectorEntry, error) {
	if n.Kind != yaml.MappingNode {
		return nil, errors.New("want a mapping with a type and the type's settings")
	}
	e := &connectorEntry{line: n.Line}
	rest := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	var reconcile string
	for i := 0; i < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch k.Value {
		case "type":
			e.Type = v.Value
		case "name":
			e.Name = v.Value
		case "reconcile_every":
			reconcile = v.Value
		default:
			rest.Content = append(rest.Content, k, v)
		}
	}
	t, ok := sourceTypes[e.Type]
	switch {
	case e.Type == "":
		return nil, fmt.Errorf("type: required (one of %s)", strings.Join(typeNames(), ", "))
	case !ok:
		return nil, fmt.Errorf("type %q: unknown (one of %s)", e.Type, strings.Join(typeNames(), ", "))
	}
	if e.Name == "" {
		e.Name = e.Type
	}
	if !nameRE.MatchString(e.Name) {
		return nil, fmt.Errorf("name %q: want lower-case letters, digits, - and _ (it names the records' source and the secrets' variables)", e.Name)
	}
	e.ReconcileEvery = t.reconcileEvery
	switch reconcile {
	case "":
	case "never":
		e.ReconcileEvery = -1
	default:
		d, err := time.ParseDuration(reconcile)
		if err != nil || d <= 0 {
			return e, fmt.Errorf("reconcile_every %q: want a duration such as 24h, or never", reconcile)
		}
		e.ReconcileEvery = d
	}
	e.Settings = t.settings()
	if err := checkKeys(rest, e.Settings); err != nil {
		return e, err
	}
	if err := rest.Decode(e.Settings); err != nil {
		return e, err
	}
	return e, nil
}

// checkKeys refuses the keys of n that settings has no field for, so that
// a misspelt key is an error rather than a setting silently left out.
func checkKeys(n *yaml.Node, settings sourceSettings) error {
	known := settingKeys(settings)
	for i := 0; i < len(n.Content); i += 2 {
		if k := n.Content[i]; !slices.Contains(known, k.Value) {
			return &lineError{k.Line, fmt.Errorf("unknown key %q (known: type, name, reconcile_every, %s)", k.Value, strings.Join(known, ", "))}
		}
	}
	return nil
}

// settingField is a field of a settings struct.
type settingField struct {
	key    string // its YAML key
	secret string // the suffix of its environment variable; "" when not a secret
	value  reflect.Value
}

// settingFields lists the fields of a settings struct.
func settingFields(settings sourceSettings) []settingField {
	v := reflect.ValueOf(settings).Elem()
	var out []settingField
	for i := range v.NumField() {
		f := v.Type().Field(i)
		key, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if key == "" || key == "-" {
			continue
		}
		out = append(out, settingField{key: key, secret: f.Tag.Get("secret"), value: v.Field(i)})
	}
	return out
}

func settingKeys(settings sourceSettings) []string {
	var keys []string
	for _, f := range settingFields(settings) {
		keys = append(keys, f.key)
	}
	return keys
}

// secretEnv is the variable that overrides a secret of the connector
// named name: DESKPILOT_<NAME>_<SUFFIX>, as DESKPILOT_ZENDESK_TOKEN or,
// for a connector named it-docs, DESKPILOT_IT_DOCS_TOKEN.
func secretEnv(name, suffix string) string {
	n := strings.ToUpper(strings.NewReplacer("-", "_").Replace(name))
	return "DESKPILOT_" + n + "_" + suffix
}

// applySecretEnv sets e's secrets from the environment, where set.
func applySecretEnv(e *connectorEntry, getenv func(string) string) {
	for _, f := range settingFields(e.Settings) {
		if f.secret == "" {
			continue
		}
		if v := getenv(secretEnv(e.Name, f.secret)); v != "" {
			f.value.Set(reflect.ValueOf(connectors.Secret(v)))
		}
	}
}

// printConnectors writes the connectors of the configuration file cfg
// names, secrets masked, after the settings that `deskpilot config`
// prints; nothing when there is no file.
func printConnectors(w io.Writer, cfg *Config, getenv func(string) string) error {
	f, err := loadConfigFile(cfg, getenv)
	if err != nil || f == nil {
		return err
	}
	abs, _ := filepath.Abs(f.Path)
	fmt.Fprintf(w, "\nconnectors (%s):\n", abs)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CONNECTOR\tTYPE\tSETTING\tVARIABLE\tVALUE")
	for _, e := range f.Connectors {
		reconcile := e.ReconcileEvery.String()
		switch {
		case e.ReconcileEvery < 0:
			reconcile = "never"
		case e.ReconcileEvery == 0:
			reconcile = "24h (default)"
		case e.ReconcileEvery == everyRun:
			reconcile = "every sync"
		}
		fmt.Fprintf(tw, "%s\t%s\treconcile_every\t-\t%s\n", e.Name, e.Type, reconcile)
		for _, sf := range settingFields(e.Settings) {
			env, v := "-", fmt.Sprint(sf.value.Interface())
			if sf.secret != "" {
				env = secretEnv(e.Name, sf.secret)
				v = sf.value.Interface().(connectors.Secret).String() // masked
			}
			if sf.value.IsZero() {
				v = ""
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.Name, e.Type, sf.key, env, v)
		}
	}
	return tw.Flush()
}
