package io.zkrpc.demo.consumer;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Calls again on request: {@code GET /calls?count=4} answers one line per call. */
@RestController
public class DemoController {

    private final DemoCalls calls;

    public DemoController(DemoCalls calls) {
        this.calls = calls;
    }

    @GetMapping(value = "/calls", produces = "text/plain")
    public String calls(@RequestParam(defaultValue = "4") int count) {
        if (count < 1 || count > 1000) {
            throw new IllegalArgumentException("count must be between 1 and 1000");
        }
        return String.join("\n", calls.call(count)) + "\n";
    }
}
