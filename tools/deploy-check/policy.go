package main

// The checks a schema cannot make: that the rendered manifests agree with the worker's configuration and
// with what deploy/README.md promises (sizing, shutdown, probes, security, autoscaling). Each failure names
// the object and what is wrong.

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"sigs.k8s.io/yaml"
)

type object struct {
	kind, name string
	body       node
}

func (o object) String() string { return o.kind + "/" + o.name }

type checker struct {
	objects  []object
	failures []string
	checks   int
}

func (c *checker) expect(ok bool, o object, format string, args ...any) {
	c.checks++
	if !ok {
		c.failures = append(c.failures, o.String()+": "+fmt.Sprintf(format, args...))
	}
}

func (c *checker) all(kind string) []object {
	var out []object
	for _, o := range c.objects {
		if o.kind == kind {
			out = append(out, o)
		}
	}
	return out
}

func (c *checker) find(kind, name string) (object, bool) {
	for _, o := range c.objects {
		if o.kind == kind && o.name == name {
			return o, true
		}
	}
	return object{}, false
}

func runPolicy(args []string) error {
	flags := flag.NewFlagSet("policy", flag.ContinueOnError)
	writeConfig := flags.String("write-config", "", "write the worker's configuration file and environment here")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() != 1 {
		return errors.New("policy: one rendered manifest file")
	}
	data, err := os.ReadFile(flags.Arg(0))
	if err != nil {
		return err
	}
	c := &checker{}
	for _, doc := range splitDocuments(data) {
		var body node
		if err := yaml.Unmarshal(doc, &body); err != nil {
			return err
		}
		kind, _ := at(body, "kind").(string)
		name, _ := at(body, "metadata", "name").(string)
		c.objects = append(c.objects, object{kind, name, body})
	}
	deployments := c.all("Deployment")
	if len(deployments) != 1 {
		return fmt.Errorf("policy: %d Deployments; the checks expect the worker's one", len(deployments))
	}
	w, err := c.worker(deployments[0])
	if err != nil {
		return err
	}
	c.checkWorker(w)
	c.checkSelectors(w)
	c.checkAutoscaling(w)
	if *writeConfig != "" {
		if err := w.write(*writeConfig); err != nil {
			return err
		}
	}
	if len(c.failures) > 0 {
		sort.Strings(c.failures)
		return errors.New("policy:\n  " + strings.Join(c.failures, "\n  "))
	}
	fmt.Printf("policy: %d objects, %d checks passed\n", len(c.objects), c.checks)
	return nil
}

// worker is the Deployment's winnow container with its effective configuration: the file from the
// ConfigMap, then the environment over it, as `winnow run` reads them.
type worker struct {
	deployment object
	container  node
	configFile string
	configText string
	config     map[string]string // dotted keys
	env        []envVar
}

type envVar struct {
	name, value string
	literal     bool // from value:, not from a secret or the Downward API
	fieldPath   string
}

func (c *checker) worker(d object) (*worker, error) {
	w := &worker{deployment: d, config: map[string]string{}}
	for _, v := range list(at(d.body, "spec", "template", "spec", "containers")) {
		if n, _ := v.(node); n != nil && n["name"] == "winnow" {
			w.container = n
		}
	}
	if w.container == nil {
		return nil, fmt.Errorf("%s: no container named winnow", d)
	}
	args := stringList(w.container["args"])
	for i := 0; i+1 < len(args); i++ {
		if args[i] == "--config" {
			w.configFile = args[i+1]
		}
	}
	if w.configFile == "" {
		return nil, fmt.Errorf("%s: winnow is not given --config", d)
	}
	text, err := c.mountedFile(d, w.container, w.configFile)
	if err != nil {
		return nil, err
	}
	w.configText = text
	var file node
	if err := yaml.Unmarshal([]byte(text), &file); err != nil {
		return nil, fmt.Errorf("%s: %s: %w", d, w.configFile, err)
	}
	flatten("", file, w.config)
	for _, v := range list(w.container["env"]) {
		n, _ := v.(node)
		e := envVar{name: str(n["name"])}
		if value, ok := n["value"]; ok {
			e.value, e.literal = str(value), true
		} else if f := str(at(n, "valueFrom", "fieldRef", "fieldPath")); f != "" {
			e.fieldPath = f
			e.value = "winnow-7c9f6d5b8-x2k4q" // what metadata.name is in a pod of a Deployment
		} else if key := str(at(n, "valueFrom", "secretKeyRef", "key")); key != "" {
			e.value = "placeholder-" + str(at(n, "valueFrom", "secretKeyRef", "name")) + "-" + key
		}
		w.env = append(w.env, e)
		if key, ok := configKey(e.name); ok {
			w.config[key] = e.value
		}
	}
	return w, nil
}

// mountedFile is the content of the ConfigMap key a container sees at the file's path.
func (c *checker) mountedFile(d object, container node, file string) (string, error) {
	for _, m := range list(container["volumeMounts"]) {
		mount, _ := m.(node)
		dir := str(mount["mountPath"])
		if path.Dir(file) != path.Clean(dir) {
			continue
		}
		for _, v := range list(at(d.body, "spec", "template", "spec", "volumes")) {
			volume, _ := v.(node)
			if volume["name"] != mount["name"] {
				continue
			}
			name := str(at(volume, "configMap", "name"))
			cm, ok := c.find("ConfigMap", name)
			if !ok {
				return "", fmt.Errorf("%s: the ConfigMap %q it mounts is not in the manifests", d, name)
			}
			text, ok := at(cm.body, "data", path.Base(file)).(string)
			if !ok {
				return "", fmt.Errorf("%s: no key %q", cm, path.Base(file))
			}
			return text, nil
		}
	}
	return "", fmt.Errorf("%s: nothing mounted at %s", d, path.Dir(file))
}

// configKey maps WINNOW_<KEY> to the configuration key it sets (not WINNOW_X_*, librdkafka's properties).
func configKey(env string) (string, bool) {
	keys := map[string]string{}
	for _, k := range []string{"brokers", "group", "delivery", "transactional_id", "threads", "input.topic",
		"input.max_bytes", "in_flight.max_bytes", "in_flight.max_messages", "http", "shutdown.timeout_ms"} {
		keys["WINNOW_"+strings.ToUpper(strings.ReplaceAll(k, ".", "_"))] = k
	}
	k, ok := keys[env]
	return k, ok
}

func (c *checker) checkWorker(w *worker) {
	d := w.deployment
	for _, k := range []string{"brokers", "group", "input.topic", "threads", "input.max_bytes", "in_flight.max_bytes",
		"shutdown.timeout_ms", "http"} {
		c.expect(w.config[k] != "", d, "the configuration must state %s (the checks below depend on it)", k)
	}
	threads := number(w.config["threads"])
	c.expect(threads >= 1, d, "threads must be a count: 0 would be one per core of the node")
	cpu := quantity(at(w.container, "resources", "limits", "cpu"))
	c.expect(cpu > 0 && threads <= math.Ceil(cpu), d, "threads (%v) above the CPU limit (%v)", threads, cpu)
	c.expect(quantity(at(w.container, "resources", "requests", "cpu")) > 0, d, "no CPU request")

	// The README's bound: 5 x in_flight.max_bytes + threads x 12 x input.max_bytes + 80 MiB.
	bound := 5*number(w.config["in_flight.max_bytes"]) + threads*12*number(w.config["input.max_bytes"]) + 80*(1<<20)
	request := quantity(at(w.container, "resources", "requests", "memory"))
	limit := quantity(at(w.container, "resources", "limits", "memory"))
	c.expect(request >= bound, d, "memory request %.0f MiB below the worker's bound %.0f MiB", request/(1<<20), bound/(1<<20))
	c.expect(limit >= 1.25*bound, d, "memory limit %.0f MiB below 1.25 x the bound (%.0f MiB)", limit/(1<<20), 1.25*bound/(1<<20))

	grace := 30.0 // Kubernetes' default
	if g, ok := at(d.body, "spec", "template", "spec", "terminationGracePeriodSeconds").(float64); ok {
		grace = g
	}
	shutdown := number(w.config["shutdown.timeout_ms"]) / 1000
	c.expect(grace >= shutdown+5, d, "terminationGracePeriodSeconds %v must exceed shutdown.timeout_ms (%v s) by 5 s", grace, shutdown)

	port := 0.0
	if i := strings.LastIndex(w.config["http"], ":"); i >= 0 {
		port = number(w.config["http"][i+1:])
	}
	named := map[string]float64{}
	for _, p := range list(w.container["ports"]) {
		n, _ := p.(node)
		named[str(n["name"])] = number(str(n["containerPort"]))
	}
	for probe, want := range map[string]string{"startupProbe": "/livez", "livenessProbe": "/livez", "readinessProbe": "/readyz"} {
		get := at(w.container, probe, "httpGet")
		c.expect(str(at(get, "path")) == want, d, "%s must GET %s", probe, want)
		p := str(at(get, "port"))
		if v, ok := named[p]; ok {
			p = strconv.FormatFloat(v, 'f', -1, 64)
		}
		c.expect(number(p) == port, d, "%s port %s is not the worker's http port %v", probe, p, port)
	}

	pod := at(d.body, "spec", "template", "spec")
	sc := at(w.container, "securityContext")
	c.expect(at(pod, "securityContext", "runAsNonRoot") == true || at(sc, "runAsNonRoot") == true, d, "runAsNonRoot")
	seccomp := str(at(pod, "securityContext", "seccompProfile", "type")) + str(at(sc, "seccompProfile", "type"))
	c.expect(seccomp == "RuntimeDefault", d, "seccompProfile RuntimeDefault")
	c.expect(at(sc, "allowPrivilegeEscalation") == false, d, "allowPrivilegeEscalation: false")
	c.expect(at(sc, "readOnlyRootFilesystem") == true, d, "readOnlyRootFilesystem: true")
	drops := stringList(at(sc, "capabilities", "drop"))
	c.expect(len(drops) == 1 && drops[0] == "ALL", d, "capabilities.drop must be [ALL]")
}

func (c *checker) checkSelectors(w *worker) {
	podLabels, _ := at(w.deployment.body, "spec", "template", "metadata", "labels").(node)
	selects := func(selector any) bool {
		s, _ := selector.(node)
		if len(s) == 0 {
			return false
		}
		for k, v := range s {
			if podLabels[k] != v {
				return false
			}
		}
		return true
	}
	c.expect(selects(at(w.deployment.body, "spec", "selector", "matchLabels")), w.deployment, "its selector misses its pods")
	for _, s := range c.all("Service") {
		c.expect(selects(at(s.body, "spec", "selector")), s, "its selector misses the worker's pods")
	}
	for _, p := range c.all("PodDisruptionBudget") {
		c.expect(selects(at(p.body, "spec", "selector", "matchLabels")), p, "its selector misses the worker's pods")
	}
	for _, p := range c.all("NetworkPolicy") {
		c.expect(selects(at(p.body, "spec", "podSelector", "matchLabels")), p, "its podSelector misses the worker's pods")
	}
	for _, m := range c.all("ServiceMonitor") {
		matched := false
		for _, s := range c.all("Service") {
			labels, _ := at(s.body, "metadata", "labels").(node)
			want, _ := at(m.body, "spec", "selector", "matchLabels").(node)
			all := len(want) > 0
			for k, v := range want {
				all = all && labels[k] == v
			}
			if !all {
				continue
			}
			matched = true
			ports := map[string]bool{}
			for _, p := range list(at(s.body, "spec", "ports")) {
				ports[str(at(p, "name"))] = true
			}
			for _, e := range list(at(m.body, "spec", "endpoints")) {
				c.expect(ports[str(at(e, "port"))], m, "endpoint port %q is not a port of %s", str(at(e, "port")), s)
			}
		}
		c.expect(matched, m, "selects no Service")
	}
}

func (c *checker) checkAutoscaling(w *worker) {
	d := w.deployment
	scaled := c.all("ScaledObject")
	eos := w.config["delivery"] == "exactly-once"
	replicas, fixed := at(d.body, "spec", "replicas").(float64)
	if eos && (len(scaled) > 0 || !fixed || replicas > 1) {
		var id envVar
		for _, e := range w.env {
			if e.name == "WINNOW_TRANSACTIONAL_ID" {
				id = e
			}
		}
		c.expect(id.fieldPath == "metadata.name", d, "exactly-once with several pods: WINNOW_TRANSACTIONAL_ID must be the pod's name (Downward API), distinct per pod")
	}
	for _, s := range scaled {
		target := str(at(s.body, "spec", "scaleTargetRef", "name"))
		kind := str(at(s.body, "spec", "scaleTargetRef", "kind"))
		c.expect(target == d.name && (kind == "" || kind == "Deployment"), s, "scaleTargetRef %q is not the worker's Deployment", target)
		c.expect(!fixed, d, "spec.replicas is set while %s scales it: every apply would reset the replicas", s)
		partitions := number(str(at(s.body, "metadata", "annotations", "winnow.dev/input-partitions")))
		maxReplicas, _ := at(s.body, "spec", "maxReplicaCount").(float64)
		c.expect(partitions > 0, s, "annotation winnow.dev/input-partitions (the input topic's partition count) is missing")
		c.expect(maxReplicas > 0 && maxReplicas <= partitions, s, "maxReplicaCount %v above the input's %v partitions", maxReplicas, partitions)
		fallback, _ := at(s.body, "spec", "fallback", "replicas").(float64)
		c.expect(fallback >= 1 && fallback <= maxReplicas, s, "a fallback between 1 and maxReplicaCount replicas")
		window, _ := at(s.body, "spec", "advanced", "horizontalPodAutoscalerConfig", "behavior", "scaleDown", "stabilizationWindowSeconds").(float64)
		c.expect(window >= 60, s, "scale-down stabilisation of at least 60 s (a scale-down is a rebalance)")
		kafka := 0
		for _, t := range list(at(s.body, "spec", "triggers")) {
			if str(at(t, "type")) != "kafka" {
				continue
			}
			kafka++
			c.checkKafkaTrigger(s, t, w)
		}
		c.expect(kafka == 1, s, "one kafka trigger, on the worker's consumer group")
	}
}

func (c *checker) checkKafkaTrigger(s object, trigger any, w *worker) {
	m := func(k string) string { return str(at(trigger, "metadata", k)) }
	c.expect(m("consumerGroup") == w.config["group"], s, "consumerGroup %q is not the worker's group %q", m("consumerGroup"), w.config["group"])
	c.expect(m("topic") == w.config["input.topic"], s, "topic %q is not the worker's input.topic %q", m("topic"), w.config["input.topic"])
	c.expect(m("bootstrapServers") == w.config["brokers"], s, "bootstrapServers %q are not the worker's brokers %q", m("bootstrapServers"), w.config["brokers"])
	c.expect(m("allowIdleConsumers") == "false", s, "allowIdleConsumers must be \"false\"")
	lag, err := strconv.Atoi(m("lagThreshold"))
	c.expect(err == nil && lag > 0, s, "lagThreshold %q is not a positive count of messages", m("lagThreshold"))
	protocol := strings.ToLower(w.config["kafka.security.protocol"])
	for _, e := range w.env {
		if e.name == "WINNOW_X_SECURITY_PROTOCOL" {
			protocol = strings.ToLower(e.value)
		}
	}
	c.expect(strings.HasPrefix(protocol, "sasl") == (m("sasl") != ""), s, "sasl %q disagrees with the worker's security.protocol %q", m("sasl"), protocol)
	c.expect(strings.HasSuffix(protocol, "ssl") == (m("tls") == "enable"), s, "tls %q disagrees with the worker's security.protocol %q", m("tls"), protocol)
	if ref := str(at(trigger, "authenticationRef", "name")); ref != "" {
		_, ok := c.find("TriggerAuthentication", ref)
		c.expect(ok, s, "the TriggerAuthentication %q is not in the manifests", ref)
	}
}

// write leaves the worker's configuration file and its environment (NAME=VALUE lines, secrets as
// placeholders) in dir, for `winnow run --config dir/winnow.yaml --check-config`.
func (w *worker) write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var env strings.Builder
	for _, e := range w.env {
		fmt.Fprintf(&env, "%s=%s\n", e.name, e.value)
	}
	if err := os.WriteFile(filepath.Join(dir, path.Base(w.configFile)), []byte(w.configText), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "env"), []byte(env.String()), 0o644)
}

// flatten turns nested maps into dotted keys, as the worker reads its file.
func flatten(prefix string, v any, out map[string]string) {
	if m, ok := v.(node); ok {
		for k, child := range m {
			key := k
			if prefix != "" {
				key = prefix + "." + k
			}
			flatten(key, child, out)
		}
		return
	}
	switch t := v.(type) {
	case nil:
		out[prefix] = ""
	case []any:
		out[prefix] = strings.Join(stringList(t), ",")
	default:
		out[prefix] = str(t)
	}
}

func at(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(node)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func list(v any) []any { l, _ := v.([]any); return l }

func str(v any) string {
	switch t := v.(type) {
	case nil:
		return ""
	case string:
		return t
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	default:
		return fmt.Sprint(t)
	}
}

func stringList(v any) []string {
	var out []string
	for _, e := range list(v) {
		out = append(out, str(e))
	}
	return out
}

func number(s string) float64 {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

// quantity reads a Kubernetes quantity ("520Mi", "2", "1500m", "1G"); NaN when it is not one.
func quantity(v any) float64 {
	s := str(v)
	suffixes := []struct {
		suffix string
		factor float64
	}{{"Ki", 1 << 10}, {"Mi", 1 << 20}, {"Gi", 1 << 30}, {"Ti", 1 << 40}, {"m", 1e-3}, {"k", 1e3}, {"M", 1e6},
		{"G", 1e9}, {"T", 1e12}}
	for _, x := range suffixes {
		if strings.HasSuffix(s, x.suffix) {
			return number(strings.TrimSuffix(s, x.suffix)) * x.factor
		}
	}
	return number(s)
}
