# syntax=docker/dockerfile:1
# Build with the SDK image, run on the smaller ASP.NET runtime image as a non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/BlueGreen.Core/BlueGreen.Core.csproj src/BlueGreen.Core/
COPY src/BlueGreen.Proxy/BlueGreen.Proxy.csproj src/BlueGreen.Proxy/
RUN dotnet restore src/BlueGreen.Proxy/BlueGreen.Proxy.csproj
COPY src/ src/
RUN dotnet publish src/BlueGreen.Proxy/BlueGreen.Proxy.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
COPY config/ /app/config/
# The runtime image's unprivileged "app" user owns only the state folder.
RUN mkdir -p /app/data && chown app:app /app/data
USER app
# Inside a container the planes must listen on every interface; publish 8081 only where operators reach it.
ENV BlueGreen__Listen__Proxy=http://0.0.0.0:8080 \
    BlueGreen__Listen__Admin=http://0.0.0.0:8081
EXPOSE 8080 8081
ENTRYPOINT ["dotnet", "BlueGreen.Proxy.dll", "--config", "/app/config/bluegreen.json"]
