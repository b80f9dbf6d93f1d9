# syntax=docker/dockerfile:1
# The default image runs the JIT build on the ASP.NET runtime image; `--build-arg FLAVOR=native` builds the Native
# AOT executable instead and runs it on the smallest image (runtime-deps): about half the memory, about 10 % fewer
# requests per second (benchmarks/README.md, "Native AOT"). Either runs as the image's non-root "app" user.
ARG FLAVOR=jit

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS source
WORKDIR /source
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/BlueGreen.Core/BlueGreen.Core.csproj src/BlueGreen.Core/
COPY src/BlueGreen.Proxy/BlueGreen.Proxy.csproj src/BlueGreen.Proxy/

FROM source AS build-jit
RUN dotnet restore src/BlueGreen.Proxy/BlueGreen.Proxy.csproj
COPY src/ src/
RUN dotnet publish src/BlueGreen.Proxy/BlueGreen.Proxy.csproj -c Release --no-restore -o /app

FROM source AS build-native
# Native AOT links with clang and zlib.
RUN apt-get update && apt-get install -y --no-install-recommends clang zlib1g-dev && rm -rf /var/lib/apt/lists/*
RUN dotnet restore src/BlueGreen.Proxy/BlueGreen.Proxy.csproj --use-current-runtime -p:PublishAot=true
COPY src/ src/
RUN dotnet publish src/BlueGreen.Proxy/BlueGreen.Proxy.csproj -c Release --use-current-runtime -p:PublishAot=true --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime-jit
COPY --from=build-jit /app /app

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0 AS runtime-native
COPY --from=build-native /app/BlueGreen.Proxy /app/

FROM runtime-${FLAVOR}
WORKDIR /app
COPY config/ /app/config/
# The image's unprivileged "app" user owns only the state folder.
RUN mkdir -p /app/data && chown app:app /app/data
USER app
# Inside a container the planes must listen on every interface; publish 8081 only where operators reach it.
ENV BlueGreen__Listen__Proxy=http://0.0.0.0:8080 \
    BlueGreen__Listen__Admin=http://0.0.0.0:8081
EXPOSE 8080 8081
# The JIT build's apphost and the native executable have the same name.
ENTRYPOINT ["/app/BlueGreen.Proxy", "--config", "/app/config/bluegreen.json"]
