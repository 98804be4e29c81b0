#!/usr/bin/env python3
"""Where a request's CPU time goes: reads `jfr print --events jdk.ExecutionSample` output on stdin, attributes
each sample to the first part below (in this order) found among its innermost 12 frames, and prints the shares.

    jfr print --events jdk.ExecutionSample keycloak.jfr | python3 bench/jfr-where.py
"""
import re
import sys
from collections import Counter

# (label, pattern on a frame), checked from the innermost frame outwards; the first match takes the sample.
PARTS = [
    ("ES256 signing and verifying (P-256)", r"sun\.security\.ec|sun\.security\.util\.math"),
    ("RS256 signing (RSA private key)", r"sun\.security\.rsa|java\.math\.BigInteger|sun\.security\.provider|RSACore"),
    ("JSON serialization", r"com\.fasterxml\.jackson|tools\.jackson"),
    ("database (JDBC, Hibernate, pool)", r"org\.postgresql|org\.hibernate|io\.agroal|com\.zaxxer|com\.arjuna|narayana"),
    ("caches (Infinispan)", r"org\.infinispan"),
    ("HTTP and REST (Vert.x, Netty, RESTEasy)", r"io\.netty|io\.vertx|org\.jboss\.resteasy|io\.quarkus\.resteasy"),
    ("our code (extension, orders-service)", r"com\.restoration\.partnerapi"),
    ("Keycloak token creation and mappers", r"org\.keycloak\.protocol\.oidc\.(TokenManager|mappers)|org\.keycloak\.protocol\.ProtocolMapper"),
    ("Keycloak sessions", r"org\.keycloak\.(models\.sessions|services\.managers\.(UserSession|AuthenticationSession))"),
    ("Keycloak client authentication", r"org\.keycloak\.authentication"),
    ("Keycloak events", r"org\.keycloak\.events"),
    ("Keycloak, other", r"org\.keycloak"),
    ("Spring Security (filters, JWT decoding, authorization)", r"org\.springframework\.security|com\.nimbusds"),
    ("Spring MVC and Tomcat", r"org\.springframework\.web|org\.apache\.(catalina|coyote|tomcat)"),
    ("Spring, other", r"org\.springframework"),
    ("JVM and JDK, other", r"."),
]


def samples(lines):
    stack, inside = [], False
    for line in lines:
        if line.startswith("jdk.ExecutionSample"):
            stack, inside = [], True
        elif inside and "stackTrace = [" in line:
            continue
        elif inside and line.strip().startswith("]"):
            yield stack
            inside = False
        elif inside:
            frame = line.strip()
            if frame and frame != "...":
                stack.append(frame)


def main():
    counts, total = Counter(), 0
    for stack in samples(sys.stdin):
        total += 1
        for label, pattern in PARTS:
            if any(re.search(pattern, frame) for frame in stack[:12]):
                counts[label] += 1
                break
    print(f"{total} CPU samples (innermost 12 frames of each searched)")
    for label, _ in PARTS:
        if counts[label]:
            print(f"  {100.0 * counts[label] / total:5.1f} %  {label}")


if __name__ == "__main__":
    main()
