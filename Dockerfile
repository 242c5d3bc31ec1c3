# One image per daemon from one file: docker build --build-arg DAEMON=Deployer -t dm-deployer .
# (DAEMON = Deployer | Transitioner | Aggregator). Not built on DM's CI machines (no container engine there).
ARG DAEMON=Deployer

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG DAEMON
WORKDIR /src
COPY . .
ENV DM_SKIP_UI_BUILD=1
RUN dotnet publish src/${DAEMON}/Dm.${DAEMON}.csproj -c Release -o /out

FROM node:20 AS ui
WORKDIR /ui
COPY ui/ .
RUN npm ci && npm run build

FROM mcr.microsoft.com/dotnet/aspnet:10.0
ARG DAEMON
RUN apt-get update && apt-get install -y --no-install-recommends git openssh-client && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out/ /app/
# The UI is served by the aggregator only; the other images carry it unused (a few hundred KB).
COPY --from=ui /ui/dist/ /app/ui/
ENV DM_ASSEMBLY=Dm.${DAEMON}.dll
USER $APP_UID
ENTRYPOINT ["/bin/sh", "-c", "exec dotnet /app/$DM_ASSEMBLY \"$@\"", "--"]
