package io.arbor.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathValidatorTest {
    @ParameterizedTest
    @ValueSource(strings = {"/", "/a", "/a/b", "/a.b", "/..a", "/a..", "/.a/b.", "/zookeeper", "/ünï", "/a-0000000001"})
    void valid(String path) {
        assertThat(PathValidator.problem(path)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "a/b", "/a/", "//", "/a//b", "/.", "/..", "/a/./b", "/a/../b", "/a/.", "/a/..",
            "/a\u0000b", "/a\u0001", "/a\u007f", "/a\u009f", "/a\ud800", "/a\uf8ff", "/a\ufff0", "/a\uffff"})
    void invalid(String path) {
        assertThat(PathValidator.problem(path)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a/b/c"})
    void parentAndName(String path) {
        assertThat(PathValidator.parent(path)).isEqualTo("/a/b");
        assertThat(PathValidator.name(path)).isEqualTo("c");
        assertThat(PathValidator.parent("/a")).isEqualTo("/");
    }
}
