namespace Dm.System.Tests;

/// <summary>The resource repos the whole-system tests start from.</summary>
internal static class SystemFixtures
{
    /// <summary>latest → dev → pp → prod with s1 and s2 at 1.0 everywhere; dev and pp on one cluster, prod on another.</summary>
    public const string Chain = """
        commits:
          - name: seed
            files:
              deployers.yaml: |
                deployers:
                  dev: {type: Kubernetes, context: playground, namespace: dev, createNamespace: true}
                  pp: {type: Kubernetes, context: playground, namespace: pp, createNamespace: true}
                  prod: {type: Kubernetes, context: playground-prod, namespace: prod, createNamespace: true}
              transitions.yaml: |
                transitions:
                  to-dev: {source: latest, target: dev}
                  to-pp: {source: dev, target: pp, preconditions: [SourceClean]}
                  to-prod: {source: pp, target: prod, preconditions: [SourceClean]}
              latest/version/s1.yaml: "version: \"1.0\"\n"
              latest/version/s2.yaml: "version: \"1.0\"\n"
              dev/version/s1.yaml: "version: \"1.0\"\n"
              dev/version/s2.yaml: "version: \"1.0\"\n"
              pp/version/s1.yaml: "version: \"1.0\"\n"
              pp/version/s2.yaml: "version: \"1.0\"\n"
              prod/version/s1.yaml: "version: \"1.0\"\n"
              prod/version/s2.yaml: "version: \"1.0\"\n"
              dev/base/s1.yaml: &s1 |
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: s1, labels: {app: s1}}
                spec:
                  replicas: 2
                  progressDeadlineSeconds: 20
                  selector: {matchLabels: {app: s1}}
                  template:
                    metadata: {labels: {app: s1}}
                    spec:
                      containers:
                      - {name: s1, image: "example/s1:$version"}
              pp/base/s1.yaml: *s1
              prod/base/s1.yaml: *s1
              dev/base/s2.yaml: &s2 |
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: s2, labels: {app: s2}}
                spec:
                  replicas: 1
                  progressDeadlineSeconds: 20
                  selector: {matchLabels: {app: s2}}
                  template:
                    metadata: {labels: {app: s2}}
                    spec:
                      containers:
                      - {name: s2, image: "example/s2:$version"}
              pp/base/s2.yaml: *s2
              prod/base/s2.yaml: *s2
        """;
}
