package io.tapelib.gateway.catalog;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Whose an attribute name is: the service's report or request, the format's, or the user's. */
class XattrNamesTest {

    @Test
    void theServicesNamesAreNeverTheUsersAndOnlyTheRecallIsARequest() {
        assertThat(XattrNames.isServiceRequest("user.tapelib.recall")).isTrue();
        assertThat(XattrNames.isServiceReport("user.tapelib.recall")).isFalse();
        assertThat(XattrNames.isUsersOwn("user.tapelib.recall")).isFalse();

        for (String report : new String[] {"user.tapelib.state", "user.tapelib.eta", "user.tapelib.future"}) {
            assertThat(XattrNames.isServiceReport(report)).as(report).isTrue();
            assertThat(XattrNames.isServiceRequest(report)).as(report).isFalse();
            assertThat(XattrNames.isUsersOwn(report)).as(report).isFalse();
        }
        assertThat(XattrNames.isUsersOwn("user.LTFS.fileUID")).isFalse();
        assertThat(XattrNames.isUsersOwn("user.tapelibrary")).isTrue();
        assertThat(XattrNames.isService("user.tapelibrary")).isFalse();
    }
}
