package io.zkrpc.benchmark.provider;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import com.alibaba.fastjson2.JSON;

import io.zkrpc.benchmark.api.BenchService;

/**
 * The MVC floor, the second reference ({@code RATIO_MVC}): what a careful engineer writes by hand for
 * the same call in Spring MVC, with no RPC framework ({@link FloorServlet} is the floor of {@code RATIO}). A plain
 * controller, a {@code switch} on the method name, the one argument as the JSON body and the
 * result as the JSON answer, fastjson2 on raw bytes.
 */
@RestController
class FloorController {

    private final BenchService service;

    FloorController(BenchServiceImpl service) {
        this.service = service;
    }

    @PostMapping(path = "/floor/{method}", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    byte[] call(@PathVariable String method, @RequestBody byte[] body) {
        return switch (method) {
            case "findById" -> JSON.toJSONBytes(service.findById(JSON.parseObject(body, int.class)));
            case "echo" -> JSON.toJSONBytes(service.echo(JSON.parseObject(body, String.class)));
            case "list" -> JSON.toJSONBytes(service.list(JSON.parseObject(body, int.class)));
            case "blob" -> JSON.toJSONBytes(service.blob(JSON.parseObject(body, int.class)));
            default -> throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no method " + method);
        };
    }
}
