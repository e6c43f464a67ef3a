package io.tapelib.gateway.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Translates {@link InvalidFieldException} at the REST edge: 400 with an {@link ApiError}, one log line. */
public class InvalidFieldMapper {
    private static final Logger LOG = Logger.getLogger(InvalidFieldMapper.class);

    @ServerExceptionMapper
    public Response invalidField(InvalidFieldException e) {
        LOG.warnf("REST request refused: %s: %s", e.field(), e.getMessage());
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError(e.getMessage(), e.field())).build();
    }
}
