package io.tapelib.controller.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tapelib.proto.v1.GetLibraryRequest;
import io.tapelib.proto.v1.TapeControllerGrpc;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** OPERATOR_TOKEN set: REST under /api and every gRPC call need the bearer token; health stays open. */
@QuarkusTest
@TestProfile(OperatorTokenProfile.class)
class OperatorTokenTest {

    @GrpcClient("tape")
    Channel channel;

    @Test
    void aRestCallWithoutTheTokenOrWithAWrongOneIs401WithAChallenge() {
        given().get("/api/v1/library").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("error", containsString("Authorization: Bearer"));
        given().header("Authorization", "Bearer not-the-token").get("/api/v1/library").then().statusCode(401)
                .body("error", containsString("wrong"));
        given().header("Authorization", "Basic " + OperatorTokenProfile.TOKEN).get("/api/v1/jobs").then().statusCode(401);
        given().post("/api/v1/drives/0/unload").then().statusCode(401);
        given().get("/api/v1/no-such-resource").then().statusCode(401);
    }

    @Test
    void aRestCallWithTheTokenPassesAndHealthNeedsNone() {
        given().header("Authorization", "Bearer " + OperatorTokenProfile.TOKEN).get("/api/v1/library").then()
                .statusCode(200).body("drives.size()", equalTo(1));
        given().header("Authorization", "bearer " + OperatorTokenProfile.TOKEN).get("/api/v1/jobs").then()
                .statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aGrpcCallWithoutTheTokenIsUnauthenticatedAndOneWithItPasses() {
        assertThatThrownBy(() -> TapeControllerGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.MINUTES)
                .getLibrary(GetLibraryRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        assertThatThrownBy(() -> stub("wrong").getLibrary(GetLibraryRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));

        assertThat(stub(OperatorTokenProfile.TOKEN).getLibrary(GetLibraryRequest.getDefaultInstance()).getDrivesCount())
                .isEqualTo(1);
    }

    private TapeControllerGrpc.TapeControllerBlockingStub stub(String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return TapeControllerGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.MINUTES)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
}
