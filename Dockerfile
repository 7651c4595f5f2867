# The image deploy/job.yaml and deploy/cronjob.yaml run: svcdig's standalone executable (Node's single executable
# application, scripts/sea.mjs) on distroless, as a non-root user. No Node.js, npm, shell or package manager in it.
#
#   docker build -t ghcr.io/svcdig/svcdig:0.1.0 .                      # this machine's architecture
#   docker buildx build --platform linux/amd64,linux/arm64 -t ghcr.io/svcdig/svcdig:0.1.0 --push .
#
# Each platform builds its binary natively (the build stage runs on that platform), so the blob, V8's code cache and
# the Node binary always match.

# --- build: the bundle and the executable, with the Node of the image (the same Node the binary is made from)
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: the `node` devDependency's download is not needed here (this image's Node is used).
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY scripts ./scripts
COPY src ./src
RUN node scripts/sea.mjs --arch "$(node -p process.arch)" \
    && cp "build/sea/svcdig-linux-$(node -p process.arch)" /svcdig \
    && /svcdig --version

# --- run: glibc, libstdc++ and CA certificates (what Node's binary links against), user 65532 (nonroot)
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /svcdig /usr/local/bin/svcdig
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/svcdig"]
CMD ["--help"]
