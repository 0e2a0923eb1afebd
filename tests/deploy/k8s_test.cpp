// The Kubernetes manifests of deploy/k8s, checked offline as scripts/k8s does: every overlay renders with
// kustomize, every object validates strictly (kubeconform -strict on schemas from the upstream
// specifications), the manifests agree with the worker's configuration (deploy-check policy), and the
// configuration each overlay gives the pod passes `winnow run --check-config`. Then copies of the manifests
// broken on purpose must fail, each at the check that should catch it. The alert rules pass promtool.
//
// Needs the tools of `scripts/k8s tools` (WINNOW_KUSTOMIZE, WINNOW_KUBECONFORM, WINNOW_DEPLOY_CHECK and
// WINNOW_K8S_SCHEMAS; scripts/test sets them) and promtool; without them it skips, unless
// WINNOW_REQUIRE_DEPLOY=1.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/files.hpp"
#include "support/paths.hpp"
#include "support/shell.hpp"

namespace {

namespace fs = std::filesystem;
using namespace winnow::testing;

bool required() { return env_value("WINNOW_REQUIRE_DEPLOY") == "1"; }

void write_file(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

/// How many objects of each kind a rendering holds ("kind: X" at the start of a line).
int count_kind(const std::string& rendered, const std::string& kind) {
    int n = 0;
    for (std::size_t at = 0; (at = rendered.find("\nkind: " + kind + "\n", at)) != std::string::npos; ++at) ++n;
    if (rendered.rfind("kind: " + kind + "\n", 0) == 0) ++n;
    return n;
}

class k8s : public ::testing::Test {
protected:
    void SetUp() override {
        kustomize_ = env_value("WINNOW_KUSTOMIZE");
        kubeconform_ = env_value("WINNOW_KUBECONFORM");
        deploy_check_ = env_value("WINNOW_DEPLOY_CHECK");
        schemas_ = env_value("WINNOW_K8S_SCHEMAS");
        for (const auto& tool : {kustomize_, kubeconform_, deploy_check_, schemas_}) {
            if (tool.empty() || !fs::exists(tool)) {
                if (required()) FAIL() << "the deploy tools are missing: run scripts/k8s tools";
                GTEST_SKIP() << "the deploy tools are missing (scripts/k8s tools; scripts/test sets WINNOW_KUSTOMIZE...)";
            }
        }
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        std::string name = std::string(info->test_suite_name()) + "-" + info->name();
        for (char& c : name)
            if (c == '/') c = '-';
        scratch_ = fs::temp_directory_path() / ("winnow-k8s-test-" + std::to_string(::getpid()) + "-" + name);
        fs::remove_all(scratch_);
        fs::create_directories(scratch_);
        fs::copy(source_dir() / "deploy/k8s", scratch_ / "k8s", fs::copy_options::recursive);
    }
    void TearDown() override {
        if (!scratch_.empty() && !HasFailure()) fs::remove_all(scratch_);
    }

    /// kustomize build of a directory of the copy (e.g. "overlays/prod"), into rendered.yaml.
    std::pair<std::string, int> render(const std::string& dir) {
        const auto [out, status] = run_shell(shell_word(kustomize_) + " build " + shell_word(scratch_ / "k8s" / dir) + " > " + shell_word(rendered()));
        return {status == 0 ? read_file(rendered()) : out, status};
    }
    std::pair<std::string, int> validate() {
        return run_shell(shell_word(kubeconform_) + " -strict -summary -schema-location " +
                         shell_word(schemas_ + "/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json") + " " +
                         shell_word(rendered()));
    }
    std::pair<std::string, int> policy(const fs::path& write_config = {}) {
        std::string command = shell_word(deploy_check_) + " policy ";
        if (!write_config.empty()) command += "--write-config " + shell_word(write_config) + " ";
        return run_shell(command + shell_word(rendered()));
    }
    /// Replaces the one occurrence of `from` in a file of the copy.
    void mutate(const std::string& file, const std::string& from, const std::string& to) {
        const fs::path path = scratch_ / "k8s" / file;
        std::string text = read_file(path);
        const auto at = text.find(from);
        ASSERT_NE(at, std::string::npos) << file << " has no \"" << from << "\"";
        ASSERT_EQ(text.find(from, at + 1), std::string::npos) << file << " has \"" << from << "\" more than once";
        text.replace(at, from.size(), to);
        write_file(path, text);
    }
    fs::path rendered() const { return scratch_ / "rendered.yaml"; }

    std::string kustomize_, kubeconform_, deploy_check_, schemas_;
    fs::path scratch_;
};

struct overlay {
    std::string dir;
    int objects;
    bool autoscaled;
};

const std::vector<overlay> overlays = {{"base", 5, false}, {"overlays/dev", 5, false}, {"overlays/prod", 8, true}};

TEST_F(k8s, every_overlay_renders_and_validates_strictly) {
    for (const auto& o : overlays) {
        SCOPED_TRACE(o.dir);
        const auto [rendered, render_status] = render(o.dir);
        ASSERT_EQ(render_status, 0) << rendered;
        for (const char* kind : {"Deployment", "ConfigMap", "Service", "PodDisruptionBudget", "NetworkPolicy"})
            EXPECT_EQ(count_kind(rendered, kind), 1) << kind << "\n" << rendered;
        for (const char* kind : {"ScaledObject", "TriggerAuthentication", "ServiceMonitor"})
            EXPECT_EQ(count_kind(rendered, kind), o.autoscaled ? 1 : 0) << kind;
        const auto [validated, status] = validate();
        EXPECT_EQ(status, 0) << validated;
        EXPECT_NE(validated.find("Valid: " + std::to_string(o.objects) + ", Invalid: 0, Errors: 0, Skipped: 0"),
                  std::string::npos) << validated;
        const auto [checked, policy_status] = policy();
        EXPECT_EQ(policy_status, 0) << checked;
    }
}

TEST_F(k8s, the_configuration_each_overlay_gives_the_pod_passes_check_config) {
    for (const auto& o : overlays) {
        SCOPED_TRACE(o.dir);
        ASSERT_EQ(render(o.dir).second, 0);
        const fs::path config = scratch_ / ("config-" + fs::path(o.dir).filename().string());
        const auto [checked, policy_status] = policy(config);
        ASSERT_EQ(policy_status, 0) << checked;
        // Only the pod's environment: the test's own WINNOW_* must not leak in.
        std::string command = "env -i PATH=\"$PATH\"";
        std::istringstream lines(read_file(config / "env"));
        for (std::string line; std::getline(lines, line);)
            if (!line.empty()) command += " '" + line + "'";
        const auto [out, status] = run_shell(command + " " + shell_word(binary_dir() / "winnow") + " run --config " +
                                             shell_word(config / "winnow.yaml") + " --check-config");
        EXPECT_EQ(status, 0) << out;
        EXPECT_NE(out.find("threads: \"2\"  # file"), std::string::npos) << out;
        const bool credentials = out.find("\"sasl.password\": \"********\"") != std::string::npos;
        EXPECT_EQ(credentials, o.dir != "overlays/dev") << "the Secret's password, masked, except in dev:\n" << out;
        if (o.dir == "overlays/prod") {
            EXPECT_NE(out.find("delivery: \"exactly-once\"  # environment"), std::string::npos) << out;
            EXPECT_NE(out.find("transactional_id: \"winnow-7c9f6d5b8-x2k4q\"  # environment"), std::string::npos) << out;
        }
    }
}

/// A copy of the manifests broken in one place, and the check that must catch it.
struct breakage {
    std::string name, file, from, to;
    enum stage { schema, policy } caught_by;
    std::string message;   // in the failing check's output
};

void PrintTo(const breakage& b, std::ostream* os) { *os << b.name; }

class k8s_broken : public k8s, public ::testing::WithParamInterface<breakage> {};

TEST_P(k8s_broken, fails_the_check_that_should_catch_it) {
    const auto& b = GetParam();
    mutate(b.file, b.from, b.to);
    const auto [rendered, render_status] = render("overlays/prod");
    ASSERT_EQ(render_status, 0) << rendered;
    const auto [validated, schema_status] = validate();
    if (b.caught_by == breakage::schema) {
        EXPECT_NE(schema_status, 0) << "kubeconform accepted it:\n" << validated;
        EXPECT_NE(validated.find(b.message), std::string::npos) << validated;
        return;
    }
    ASSERT_EQ(schema_status, 0) << validated;
    const auto [checked, policy_status] = policy();
    EXPECT_NE(policy_status, 0) << "deploy-check accepted it:\n" << checked;
    EXPECT_NE(checked.find(b.message), std::string::npos) << checked;
}

const std::string deployment = "base/deployment.yaml";
const std::string scaled_object = "overlays/prod/scaledobject.yaml";
const std::string prod = "overlays/prod/kustomization.yaml";

INSTANTIATE_TEST_SUITE_P(
    deploy, k8s_broken,
    ::testing::Values(
        // What only a strict schema sees: kubectl would drop a misspelt field without a word.
        breakage{"misspelt_container_field", deployment, "readOnlyRootFilesystem: true", "readOnlyRootFileSystem: true",
                 breakage::schema, "readOnlyRootFileSystem"},
        breakage{"string_for_a_number", deployment, "terminationGracePeriodSeconds: 45",
                 "terminationGracePeriodSeconds: \"45\"", breakage::schema, "terminationGracePeriodSeconds"},
        breakage{"misspelt_probe_field", deployment, "failureThreshold: 30", "failureTreshold: 30", breakage::schema,
                 "failureTreshold"},
        breakage{"misspelt_scaled_object_field", scaled_object, "pollingInterval: 15", "pollingIntervall: 15",
                 breakage::schema, "pollingIntervall"},
        breakage{"string_for_a_number_in_a_custom_resource", scaled_object, "maxReplicaCount: 12",
                 "maxReplicaCount: \"12\"", breakage::schema, "maxReplicaCount"},
        breakage{"misspelt_metadata_of_a_custom_resource", scaled_object, "  annotations:", "  anotations:",
                 breakage::schema, "anotations"},
        breakage{"misspelt_service_monitor_field", "components/servicemonitor/servicemonitor.yaml",
                 "scrapeTimeout: 10s", "scrapeTimout: 10s", breakage::schema, "scrapeTimout"},
        // What no schema can see: the manifests against the worker's configuration.
        breakage{"grace_period_below_the_shutdown", deployment, "terminationGracePeriodSeconds: 45",
                 "terminationGracePeriodSeconds: 30", breakage::policy, "terminationGracePeriodSeconds 30"},
        breakage{"memory_limit_below_the_bound", deployment, "memory: 544Mi", "memory: 400Mi", breakage::policy,
                 "memory limit"},
        breakage{"readiness_on_the_liveness_path", deployment, "path: /readyz", "path: /livez", breakage::policy,
                 "readinessProbe must GET /readyz"},
        breakage{"root_allowed", deployment, "runAsNonRoot: true", "runAsNonRoot: false", breakage::policy,
                 "runAsNonRoot"},
        breakage{"keda_watching_another_group", scaled_object, "consumerGroup: winnow", "consumerGroup: winnow-old",
                 breakage::policy, "consumerGroup \"winnow-old\""},
        breakage{"more_replicas_than_partitions", scaled_object, "maxReplicaCount: 12", "maxReplicaCount: 16",
                 breakage::policy, "maxReplicaCount 16 above"},
        breakage{"replicas_fixed_under_keda", prod, "      - op: remove\n        path: /spec/replicas\n", "",
                 breakage::policy, "spec.replicas is set"},
        breakage{"one_transactional_id_for_every_pod", prod,
                 "valueFrom:\n            fieldRef:\n              fieldPath: metadata.name", "value: winnow",
                 breakage::policy, "WINNOW_TRANSACTIONAL_ID"}),
    [](const auto& param_info) { return param_info.param.name; });

TEST(alert_rules, pass_promtool_check_and_their_unit_tests) {
    if (run_shell("command -v promtool").second != 0) {
        if (required()) FAIL() << "promtool is not installed (scripts/setup installs Debian's prometheus)";
        GTEST_SKIP() << "promtool is not installed (scripts/setup installs Debian's prometheus)";
    }
    const fs::path dir = source_dir() / "deploy/prometheus";
    const auto [checked, status] = run_shell("promtool check rules " + shell_word(dir / "winnow-alerts.yaml"));
    EXPECT_EQ(status, 0) << checked;
    EXPECT_NE(checked.find("SUCCESS: 8 rules found"), std::string::npos) << checked;
    const auto [tested, test_status] = run_shell("cd " + shell_word(dir) + " && promtool test rules winnow-alerts-test.yaml");
    EXPECT_EQ(test_status, 0) << tested;
    EXPECT_NE(tested.find("SUCCESS"), std::string::npos) << tested;
}

}  // namespace
