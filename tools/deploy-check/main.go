// deploy-check: the offline checks of winnow's Kubernetes manifests (deploy/k8s), beside kustomize, which
// renders them, and kubeconform, which validates every object against a schema.
//
//	deploy-check schemas --kubernetes swagger.json --crd FILE... --out DIR
//	    strict JSON schemas (an unknown field is an error) for kubeconform, from the Kubernetes OpenAPI
//	    specification and CustomResourceDefinitions: DIR/GROUP/KIND_VERSION.json, for the location
//	    template DIR/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json
//	deploy-check policy [--write-config DIR] RENDERED.yaml
//	    what a schema cannot say: the worker's manifests agree with its configuration (memory bound,
//	    grace period, probes, KEDA's group and topic, ...); with --write-config, the worker's
//	    configuration file and its environment (secrets as placeholders) for `winnow run --check-config`
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: deploy-check schemas|policy ...")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "schemas":
		err = runSchemas(os.Args[2:])
	case "policy":
		err = runPolicy(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "deploy-check:", err)
		os.Exit(1)
	}
}
