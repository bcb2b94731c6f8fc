package dev.bulwark.it.app;

public class PlainService {
    int invocations;

    public void call() {
        invocations++;
        throw new IllegalStateException("plain");
    }
}
