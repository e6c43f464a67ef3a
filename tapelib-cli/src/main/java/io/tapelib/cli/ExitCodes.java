package io.tapelib.cli;

import io.tapelib.cli.http.ApiException;
import io.tapelib.cli.http.UnreachableException;
import java.io.UncheckedIOException;

/** The exit codes of docs/operator-api.md "tapelib exit codes". */
public final class ExitCodes {
    /** Done. */
    public static final int OK = 0;
    /** The request failed; the server's error is printed. */
    public static final int FAILED = 1;
    /** Usage error (picocli's own code for a bad command line). */
    public static final int USAGE = 2;
    /** The gateway or controller cannot be reached. */
    public static final int UNREACHABLE = 3;
    /** 401: the token is missing or wrong. */
    public static final int UNAUTHORIZED = 4;
    /** 404: no such path, volume tag, drive ... */
    public static final int NOT_FOUND = 5;

    /** The help footer. */
    static final String FOOTER = """

            Exit codes:
              0  done
              1  the request failed (the server's error is printed)
              2  usage error
              3  cannot reach the gateway or controller
              4  401: the operator token is missing or wrong (OPERATOR_TOKEN)
              5  not found (404)""";

    private ExitCodes() {
    }

    /** The exit code of a failure. */
    static int of(Throwable failure) {
        if (failure instanceof ApiException api) {
            return switch (api.status()) {
                case 401 -> UNAUTHORIZED;
                case 404 -> NOT_FOUND;
                default -> FAILED;
            };
        }
        if (failure instanceof UnreachableException || failure instanceof UncheckedIOException) {
            return UNREACHABLE;
        }
        return FAILED;
    }
}
