package dev.bulwark.it.app;

import dev.bulwark.annotations.Retry;

@Retry(maxAttempts = 2, waitDuration = "0")
public class ClassLevel {
    int publicAttempts;
    int packageAttempts;

    public void publicCall() {
        publicAttempts++;
        throw new IllegalStateException("public");
    }

    void packageCall() {
        packageAttempts++;
        throw new IllegalStateException("package-private");
    }
}
