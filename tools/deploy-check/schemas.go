package main

// Strict JSON schemas (draft-07) for kubeconform from the upstream specifications: the Kubernetes OpenAPI v2
// document (api/openapi-spec/swagger.json of k8s.io/kubernetes) and the openAPIV3Schema of each served
// version of a CustomResourceDefinition. "Strict" is what the API server's field validation does: an object
// with declared properties takes no other (additionalProperties: false), except where the specification
// preserves unknown fields.

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"
)

type node = map[string]any

const objectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func runSchemas(args []string) error {
	flags := flag.NewFlagSet("schemas", flag.ContinueOnError)
	kubernetes := flags.String("kubernetes", "", "the Kubernetes OpenAPI v2 document (swagger.json)")
	out := flags.String("out", "", "the directory to write the schemas to")
	var crds listFlag
	flags.Var(&crds, "crd", "a file of CustomResourceDefinitions (repeatable)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *kubernetes == "" || *out == "" {
		return errors.New("schemas: --kubernetes and --out are required")
	}
	definitions, err := kubernetesDefinitions(*kubernetes)
	if err != nil {
		return err
	}
	written := 0
	for _, name := range sortedKeys(definitions.source) {
		gvks, _ := definitions.source[name]["x-kubernetes-group-version-kind"].([]any)
		for _, g := range gvks {
			gvk, _ := g.(node)
			group, _ := gvk["group"].(string)
			version, _ := gvk["version"].(string)
			kind, _ := gvk["kind"].(string)
			root := definitions.converted[name]
			if err := writeSchema(*out, group, version, kind, root, definitions.converted); err != nil {
				return err
			}
			written++
		}
	}
	for _, file := range crds {
		n, err := crdSchemas(file, *out, definitions.converted)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		written += n
	}
	fmt.Printf("schemas: %d written to %s\n", written, *out)
	return nil
}

type kubernetesSpec struct {
	source    map[string]node // the OpenAPI definitions as read
	converted map[string]node // the same as strict JSON schemas, referring to each other by #/definitions/NAME
}

func kubernetesDefinitions(path string) (kubernetesSpec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return kubernetesSpec{}, err
	}
	var doc struct {
		Definitions map[string]node `json:"definitions"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return kubernetesSpec{}, fmt.Errorf("%s: %w", path, err)
	}
	if len(doc.Definitions) == 0 {
		return kubernetesSpec{}, fmt.Errorf("%s: no definitions", path)
	}
	converted := make(map[string]node, len(doc.Definitions))
	for name, d := range doc.Definitions {
		converted[name] = fromOpenAPI(name, d)
	}
	return kubernetesSpec{doc.Definitions, converted}, nil
}

// The types whose JSON form the OpenAPI document cannot say: an int-or-string, a quantity (a string or a
// number: "512Mi", 2, 0.5) and a time (null in many manifests).
var specialDefinitions = map[string]node{
	"io.k8s.apimachinery.pkg.util.intstr.IntOrString": intOrString(),
	"io.k8s.apimachinery.pkg.api.resource.Quantity":   {"oneOf": []any{node{"type": "string"}, node{"type": "number"}}},
	"io.k8s.apimachinery.pkg.apis.meta.v1.Time":       {"type": []any{"string", "null"}},
	"io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime":  {"type": []any{"string", "null"}},
}

func intOrString() node {
	return node{"oneOf": []any{node{"type": "string"}, node{"type": "integer"}}}
}

// Validation keywords that mean the same in OpenAPI 3.0 (and 2.0) and JSON Schema draft-07. Formats are
// left out: kubeconform does not assert them, and the API server's formats are its own.
var sameKeywords = []string{"type", "enum", "required", "minimum", "maximum", "minLength", "maxLength", "pattern",
	"minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties", "multipleOf"}

// fromOpenAPI converts one OpenAPI v2 schema of the Kubernetes document.
func fromOpenAPI(name string, in node) node {
	if special, ok := specialDefinitions[name]; ok {
		return special
	}
	return convert(in, func(ref string) string { return strings.TrimPrefix(ref, "#/definitions/") })
}

// convert turns an OpenAPI schema into a strict draft-07 schema. refName maps a $ref to the name of a
// definition, or "" where the document has none.
func convert(in node, refName func(string) string) node {
	if ref, ok := in["$ref"].(string); ok {
		return node{"$ref": "#/definitions/" + refName(ref)}
	}
	if in["x-kubernetes-int-or-string"] == true || in["format"] == "int-or-string" {
		return intOrString()
	}
	out := node{}
	for _, k := range sameKeywords {
		if v, ok := in[k]; ok {
			out[k] = v
		}
	}
	if in["nullable"] == true {
		if t, ok := out["type"].(string); ok {
			out["type"] = []any{t, "null"}
		}
	}
	if props, ok := in["properties"].(node); ok {
		converted := node{}
		for k, v := range props {
			if child, ok := v.(node); ok {
				converted[k] = convert(child, refName)
			}
		}
		out["properties"] = converted
	}
	switch extra := in["additionalProperties"].(type) {
	case bool:
		out["additionalProperties"] = extra
	case node:
		out["additionalProperties"] = convert(extra, refName)
	default:
		// Strict: an object that declares its fields takes no other, unless it keeps unknown fields. Only
		// where the schema says "object": inside anyOf and the like, properties only restate constraints.
		if in["type"] == "object" && in["properties"] != nil && in["x-kubernetes-preserve-unknown-fields"] != true {
			out["additionalProperties"] = false
		}
	}
	if items, ok := in["items"].(node); ok {
		out["items"] = convert(items, refName)
	}
	for _, k := range []string{"anyOf", "allOf", "oneOf"} {
		if list, ok := in[k].([]any); ok {
			converted := []any{}
			for _, v := range list {
				if child, ok := v.(node); ok {
					converted = append(converted, convert(child, refName))
				}
			}
			out[k] = converted
		}
	}
	if not, ok := in["not"].(node); ok {
		out["not"] = convert(not, refName)
	}
	return out
}

// crdSchemas writes a schema for every served version of every CustomResourceDefinition in the file. The
// metadata of a custom resource is checked as strictly as any other: the CRD says only "object", so the
// Kubernetes ObjectMeta takes its place.
func crdSchemas(path, out string, kubernetes map[string]node) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	written := 0
	for _, doc := range splitDocuments(data) {
		var crd struct {
			Kind string `json:"kind"`
			Spec struct {
				Group string `json:"group"`
				Names struct {
					Kind string `json:"kind"`
				} `json:"names"`
				Versions []struct {
					Name   string `json:"name"`
					Served bool   `json:"served"`
					Schema struct {
						OpenAPIV3Schema node `json:"openAPIV3Schema"`
					} `json:"schema"`
				} `json:"versions"`
			} `json:"spec"`
		}
		if err := yaml.Unmarshal(doc, &crd); err != nil {
			return written, err
		}
		if crd.Kind != "CustomResourceDefinition" {
			continue
		}
		for _, v := range crd.Spec.Versions {
			if !v.Served || v.Schema.OpenAPIV3Schema == nil {
				continue
			}
			root := convert(v.Schema.OpenAPIV3Schema, func(string) string { return "" })
			if props, ok := root["properties"].(node); ok {
				props["metadata"] = node{"$ref": "#/definitions/" + objectMeta}
			}
			if err := writeSchema(out, crd.Spec.Group, v.Name, crd.Spec.Names.Kind, root, kubernetes); err != nil {
				return written, err
			}
			written++
		}
	}
	if written == 0 {
		return 0, errors.New("no served CustomResourceDefinition version")
	}
	return written, nil
}

// writeSchema writes one kind's schema, standalone: the definitions it refers to, transitively, beside it;
// apiVersion and kind fixed to the kind's own.
func writeSchema(out, group, version, kind string, root node, definitions map[string]node) error {
	apiVersion := version
	dir := version // kubeconform's {{ .Group }} of the core group's "v1"
	if group != "" {
		apiVersion = group + "/" + version
		dir = group
	}
	schema := node{"$schema": "http://json-schema.org/draft-07/schema#"}
	for k, v := range root {
		schema[k] = v
	}
	props := node{}
	if p, ok := root["properties"].(node); ok {
		for k, v := range p {
			props[k] = v
		}
	}
	props["apiVersion"] = node{"type": "string", "enum": []any{apiVersion}}
	props["kind"] = node{"type": "string", "enum": []any{kind}}
	schema["properties"] = props
	schema["definitions"] = referenced(schema, definitions)
	var buf bytes.Buffer
	encoder := json.NewEncoder(&buf)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(schema); err != nil {
		return err
	}
	path := filepath.Join(out, dir, strings.ToLower(kind)+"_"+version+".json")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// referenced collects the definitions a schema refers to, transitively (an explicit stack: the Kubernetes
// types refer to each other in cycles).
func referenced(root node, definitions map[string]node) node {
	out := node{}
	stack := []any{root}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch t := v.(type) {
		case node:
			if ref, ok := t["$ref"].(string); ok {
				name := strings.TrimPrefix(ref, "#/definitions/")
				if _, seen := out[name]; !seen {
					if d, ok := definitions[name]; ok {
						out[name] = d
						stack = append(stack, d)
					}
				}
				continue
			}
			for _, child := range t {
				stack = append(stack, child)
			}
		case []any:
			stack = append(stack, t...)
		}
	}
	return out
}

// splitDocuments splits a YAML stream at its "---" lines.
func splitDocuments(data []byte) [][]byte {
	var docs [][]byte
	var current []byte
	for _, line := range bytes.SplitAfter(data, []byte("\n")) {
		if trimmed := bytes.TrimRight(line, " \r\n"); bytes.Equal(trimmed, []byte("---")) {
			docs = append(docs, current)
			current = nil
			continue
		}
		current = append(current, line...)
	}
	docs = append(docs, current)
	nonEmpty := docs[:0]
	for _, d := range docs {
		if len(bytes.TrimSpace(d)) > 0 {
			nonEmpty = append(nonEmpty, d)
		}
	}
	return nonEmpty
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
