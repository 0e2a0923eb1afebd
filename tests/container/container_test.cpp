// The winnow image, run for real (scripts/docker builds it): the worker in a read-only container against the
// test broker (pages in, articles out, /readyz, SIGTERM within the grace period), `extract` on standard
// input, the image's user, labels and stop signal, and its runtime packages against what `ldd` says the
// binary needs.
//
// Needs DOCKER_HOST, WINNOW_IMAGE and WINNOW_BASE_IMAGE (scripts/test sets them after scripts/docker image);
// without them it skips, unless WINNOW_REQUIRE_CONTAINER=1.
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "support/shell.hpp"
#include "support/worker_harness.hpp"

namespace {

using namespace winnow::testing;
using std::chrono::steady_clock;

std::set<std::string> words(const std::string& text) {
    std::istringstream in(text);
    std::set<std::string> out;
    for (std::string w; in >> w;) out.insert(w);
    return out;
}

class container : public ::testing::Test {
protected:
    void SetUp() override {
        image_ = env_value("WINNOW_IMAGE");
        base_ = env_value("WINNOW_BASE_IMAGE");
        if (image_.empty() || env_value("DOCKER_HOST").empty()) {
            if (env_value("WINNOW_REQUIRE_CONTAINER") == "1") FAIL() << "no image: run scripts/docker start && scripts/docker image";
            GTEST_SKIP() << "no image (DOCKER_HOST and WINNOW_IMAGE unset; scripts/test sets them)";
        }
    }
    std::string docker = "/usr/bin/docker";
    std::string image_, base_;
};

TEST_F(container, extract_reads_a_page_from_standard_input) {
    const std::string page = (source_dir() / "tests/data/pages/en-harbour-ferry.html").string();
    const auto [out, status] = run_shell(docker + " run --rm -i --read-only --network none " + image_ + " extract - < '" + page + "'", false);
    EXPECT_EQ(status, 0) << out;
    EXPECT_NE(out.find("\"title\":"), std::string::npos) << out;
    EXPECT_NE(out.find("\"paragraphs\":["), std::string::npos) << out;
}

TEST_F(container, user_labels_stop_signal_and_size) {
    const auto [inspected, status] =
        run_shell(docker + " image inspect --format '{{.Config.User}}|{{.Config.StopSignal}}|{{json .Config.Entrypoint}}|"
                     "{{index .Config.Labels \"org.opencontainers.image.title\"}}|{{.Size}}' " + image_);
    ASSERT_EQ(status, 0) << inspected;
    std::istringstream fields(inspected);
    std::string user, stop, entrypoint, title, size;
    std::getline(fields, user, '|');
    std::getline(fields, stop, '|');
    std::getline(fields, entrypoint, '|');
    std::getline(fields, title, '|');
    std::getline(fields, size);
    EXPECT_EQ(user, "65532:65532") << "a numeric user that is not root";
    EXPECT_EQ(stop, "SIGTERM");
    EXPECT_EQ(entrypoint, "[\"winnow\"]");
    EXPECT_EQ(title, "winnow");
    const double megabytes = std::stod(size) / 1e6;
    std::printf("image %s: %.1f MB\n", image_.c_str(), megabytes);
    RecordProperty("image_megabytes", std::to_string(megabytes));
    EXPECT_LE(megabytes, 150.0);
}

TEST_F(container, runtime_packages_are_what_the_binary_links) {
    // The packages owning every library ldd resolves, less the base image's, must be the Dockerfile's
    // runtime list (which adds ca-certificates for TLS, no library).
    const auto [owners, status] = run_shell(
        docker + " run --rm --entrypoint sh " + image_ +
            " -c 'for l in $(ldd /usr/bin/winnow | awk \"/=>/ {print \\$3}\"); do dpkg -S \"$(readlink -f $l)\" 2>/dev/null || dpkg -S $l; done | cut -d: -f1 | sort -u'",
        false);
    ASSERT_EQ(status, 0) << owners;
    const auto [base_packages, base_status] = run_shell(docker + " run --rm --entrypoint dpkg-query " + base_ + " -W -f '${Package}\\n'", false);
    ASSERT_EQ(base_status, 0);
    std::set<std::string> needed;
    const auto in_base = words(base_packages);
    for (const auto& p : words(owners))
        if (!in_base.contains(p)) needed.insert(p);
    // The runtime stage's package list, from the Dockerfile.
    std::ifstream in(source_dir() / "deploy/docker/Dockerfile");
    const std::string dockerfile((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto runtime = dockerfile.rfind("apt-get install -y --no-install-recommends");
    ASSERT_NE(runtime, std::string::npos);
    std::string list = dockerfile.substr(runtime, dockerfile.find("&&", runtime) - runtime);
    std::set<std::string> listed;
    for (const auto& w : words(list))
        if (w != "apt-get" && w != "install" && w != "-y" && w != "--no-install-recommends" && w != "\\" && w != "ca-certificates")
            listed.insert(w);
    EXPECT_EQ(listed, needed);
    EXPECT_FALSE(needed.empty());
}

TEST_F(container, the_worker_runs_read_only_against_the_broker_and_stops_on_sigterm) {
    WINNOW_REQUIRE_BROKER(bootstrap);
    test_producer producer(bootstrap);
    const std::string in = unique_name("winnow-ct-in"), out = unique_name("winnow-ct-out"), dlq = unique_name("winnow-ct-dlq");
    for (const auto& t : {in, out, dlq}) ASSERT_TRUE(create_topic(producer.get(), t, 1));
    // A port of its own, on the host's network.
    const int port = 20000 + static_cast<int>(::getpid() % 9000);
    const std::string name = unique_name("winnow-ct");
    const auto [id, started] = run_shell(docker + " run -d --label winnow.test=1 --name " + name +
                                   " --read-only --network host " + image_ + " run --brokers " + bootstrap +
                                   " --input-topic " + in + " --output-topic " + out + " --dlq-topic " + dlq +
                                   " --group " + name + " --http 127.0.0.1:" + std::to_string(port));
    ASSERT_EQ(started, 0) << id;
    bool ready = false;
    for (auto until = steady_clock::now() + 60s; !ready && steady_clock::now() < until; std::this_thread::sleep_for(200ms))
        if (const auto r = http_get(port, "/readyz"); r && r->first == 200) ready = true;
    ASSERT_TRUE(ready) << run_shell(docker + " logs " + name).first;
    const auto pages = sample_pages();
    for (std::size_t i = 0; i < pages.size(); ++i)
        ASSERT_EQ(producer.send(in, 0, "k" + std::to_string(i), pages[i].second), RD_KAFKA_RESP_ERR_NO_ERROR);
    ASSERT_EQ(producer.flush(), RD_KAFKA_RESP_ERR_NO_ERROR);
    topic_reader articles(bootstrap, out);
    EXPECT_TRUE(articles.poll_until([&](const auto& r) { return r.size() >= pages.size(); }, 60s))
        << run_shell(docker + " logs " + name).first;
    const auto stopping = steady_clock::now();
    const auto [stopped, stop_status] = run_shell(docker + " stop -t 30 " + name);   // SIGTERM, then 30 s grace
    const double took = std::chrono::duration<double>(steady_clock::now() - stopping).count();
    EXPECT_EQ(stop_status, 0) << stopped;
    EXPECT_LT(took, 30.0) << "stopped only by the SIGKILL after the grace period";
    const auto [code, inspected] = run_shell(docker + " inspect --format '{{.State.ExitCode}}' " + name);
    EXPECT_EQ(code, "0\n") << run_shell(docker + " logs " + name).first;
    (void)run_shell(docker + " rm -f " + name);
}

}  // namespace
