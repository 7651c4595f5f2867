/**
 * The built-in demo cluster (svcdig ... --demo): the StatefulSet example of test/fixtures/scenarios/seed-004-web-statefulset
 * (headless Service nginx, StatefulSet web, kube-dns at 10.96.0.10, kubeadm Corefile with ttl 30), grown to three
 * replicas with web-2 not Ready (its readiness probe fails), plus a ClusterIP Service nginx-public (port http 8080 ->
 * named targetPort web) over the same pods, so one cluster shows headless vs ClusterIP answers, per-pod names, SRV, PTR
 * and why a not-ready pod is absent from DNS. Data only.
 */
export const DEMO_CLUSTER_YAML = `apiVersion: v1
kind: Namespace
metadata:
  creationTimestamp: '2022-02-10T06:00:00Z'
  labels:
    kubernetes.io/metadata.name: default
  name: default
  resourceVersion: '150'
  uid: 8d1dbcc3-3859-4159-939f-063551292c21
spec:
  finalizers:
  - kubernetes
status:
  phase: Active
---
apiVersion: v1
kind: Namespace
metadata:
  creationTimestamp: '2022-02-10T06:00:01Z'
  labels:
    kubernetes.io/metadata.name: kube-node-lease
  name: kube-node-lease
  resourceVersion: '155'
  uid: e2ae54d6-37f6-4347-a4a1-e00c9f97d859
spec:
  finalizers:
  - kubernetes
status:
  phase: Active
---
apiVersion: v1
kind: Namespace
metadata:
  creationTimestamp: '2022-02-10T06:00:00Z'
  labels:
    kubernetes.io/metadata.name: kube-public
  name: kube-public
  resourceVersion: '151'
  uid: 76d15832-e2e5-4e7a-8e26-4d2577fcc5e5
spec:
  finalizers:
  - kubernetes
status:
  phase: Active
---
apiVersion: v1
kind: Namespace
metadata:
  creationTimestamp: '2022-02-10T06:00:01Z'
  labels:
    kubernetes.io/metadata.name: kube-system
  name: kube-system
  resourceVersion: '156'
  uid: a16aa964-dca7-4ec5-875f-3799223333a8
spec:
  finalizers:
  - kubernetes
status:
  phase: Active
---
apiVersion: v1
data:
  Corefile: ".:53 {\\n    errors\\n    health {\\n       lameduck 5s\\n    }\\n    ready\\n\\
    \\    kubernetes cluster.local in-addr.arpa ip6.arpa {\\n       pods insecure\\n\\
    \\       fallthrough in-addr.arpa ip6.arpa\\n       ttl 30\\n    }\\n    prometheus\\
    \\ :9153\\n    forward . /etc/resolv.conf {\\n       max_concurrent 1000\\n    }\\n\\
    \\    cache 30\\n    loop\\n    reload\\n    loadbalance\\n}\\n"
kind: ConfigMap
metadata:
  creationTimestamp: '2022-02-10T06:00:20Z'
  name: coredns
  namespace: kube-system
  resourceVersion: '165'
  uid: e2559586-eb2f-4988-96f7-d9c48200c5ab
---
apiVersion: v1
kind: Service
metadata:
  creationTimestamp: '2022-02-10T06:00:00Z'
  labels:
    component: apiserver
    provider: kubernetes
  name: kubernetes
  namespace: default
  resourceVersion: '152'
  uid: a7c9074a-0d9a-4ecb-8d33-f76a7bd70ab6
spec:
  clusterIP: 10.96.0.1
  clusterIPs:
  - 10.96.0.1
  internalTrafficPolicy: Cluster
  ipFamilies:
  - IPv4
  ipFamilyPolicy: SingleStack
  ports:
  - name: https
    port: 443
    protocol: TCP
    targetPort: 6443
  sessionAffinity: None
  type: ClusterIP
status:
  loadBalancer: {}
---
apiVersion: v1
kind: Service
metadata:
  creationTimestamp: '2022-02-25T02:40:00Z'
  labels:
    app: nginx
  name: nginx
  namespace: default
  resourceVersion: '513765'
  uid: 5f3b59ad-dd00-49e3-b7ca-a88afe88746b
spec:
  clusterIP: None
  clusterIPs:
  - None
  internalTrafficPolicy: Cluster
  ipFamilies:
  - IPv4
  ipFamilyPolicy: SingleStack
  ports:
  - name: web
    port: 80
    protocol: TCP
    targetPort: 80
  selector:
    app: nginx
  sessionAffinity: None
  type: ClusterIP
status:
  loadBalancer: {}
---
apiVersion: v1
kind: Service
metadata:
  annotations:
    prometheus.io/port: '9153'
    prometheus.io/scrape: 'true'
  creationTimestamp: '2022-02-10T06:00:20Z'
  labels:
    k8s-app: kube-dns
    kubernetes.io/cluster-service: 'true'
    kubernetes.io/name: CoreDNS
  name: kube-dns
  namespace: kube-system
  resourceVersion: '166'
  uid: d593afb7-1f21-4048-8e03-aa922dedb7a9
spec:
  clusterIP: 10.96.0.10
  clusterIPs:
  - 10.96.0.10
  internalTrafficPolicy: Cluster
  ipFamilies:
  - IPv4
  ipFamilyPolicy: SingleStack
  ports:
  - name: dns
    port: 53
    protocol: UDP
    targetPort: 53
  - name: dns-tcp
    port: 53
    protocol: TCP
    targetPort: 53
  - name: metrics
    port: 9153
    protocol: TCP
    targetPort: 9153
  selector:
    k8s-app: kube-dns
  sessionAffinity: None
  type: ClusterIP
status:
  loadBalancer: {}
---
apiVersion: v1
kind: Endpoints
metadata:
  creationTimestamp: '2022-02-10T06:00:00Z'
  labels:
    endpointslice.kubernetes.io/skip-mirror: 'true'
  name: kubernetes
  namespace: default
  resourceVersion: '153'
  uid: ad51fed0-c3b8-47b3-8d29-134f6f3edc69
subsets:
- addresses:
  - ip: 192.168.56.10
  ports:
  - name: https
    port: 6443
    protocol: TCP
---
apiVersion: v1
kind: Endpoints
metadata:
  annotations:
    endpoints.kubernetes.io/last-change-trigger-time: '2022-02-25T02:40:41Z'
  creationTimestamp: '2022-02-25T02:40:00Z'
  labels:
    app: nginx
    service.kubernetes.io/headless: ''
  name: nginx
  namespace: default
  resourceVersion: '513783'
  uid: f1f2360b-6def-4aac-9f32-12a7e3cece3b
subsets:
- addresses:
  - hostname: web-1
    ip: 10.32.0.7
    nodeName: master
    targetRef:
      kind: Pod
      name: web-1
      namespace: default
      uid: fc5b85f4-12c4-481b-ae67-54c2b6c79f8d
  - hostname: web-0
    ip: 10.44.0.5
    nodeName: node-1
    targetRef:
      kind: Pod
      name: web-0
      namespace: default
      uid: 2b42947c-025f-46a0-a7bd-d11a6b59adef
  notReadyAddresses:
  - hostname: web-2
    ip: 10.44.0.6
    nodeName: node-1
    targetRef:
      kind: Pod
      name: web-2
      namespace: default
      uid: 7d0c1f3e-5a2b-4c8e-9f61-2e4b8a9c0d17
  ports:
  - name: web
    port: 80
    protocol: TCP
---
apiVersion: v1
kind: Endpoints
metadata:
  annotations:
    endpoints.kubernetes.io/last-change-trigger-time: '2022-02-10T06:01:42Z'
  creationTimestamp: '2022-02-10T06:00:20Z'
  labels:
    k8s-app: kube-dns
    kubernetes.io/cluster-service: 'true'
    kubernetes.io/name: CoreDNS
  name: kube-dns
  namespace: kube-system
  resourceVersion: '200'
  uid: d122f338-4bdb-426a-b10b-5825c0c906c4
subsets:
- addresses:
  - ip: 10.32.0.2
    nodeName: master
    targetRef:
      kind: Pod
      name: coredns-64897985d-mwmx2
      namespace: kube-system
      uid: c8fcb085-a069-4838-95fc-2d4a6f688fa8
  - ip: 10.32.0.3
    nodeName: master
    targetRef:
      kind: Pod
      name: coredns-64897985d-2ddbz
      namespace: kube-system
      uid: b1905e7c-e599-483f-a3c0-88f212a1956a
  ports:
  - name: dns-tcp
    port: 53
    protocol: TCP
  - name: dns
    port: 53
    protocol: UDP
  - name: metrics
    port: 9153
    protocol: TCP
---
addressType: IPv4
apiVersion: discovery.k8s.io/v1
endpoints:
- addresses:
  - 192.168.56.10
  conditions:
    ready: true
kind: EndpointSlice
metadata:
  creationTimestamp: '2022-02-10T06:00:00Z'
  generation: 1
  labels:
    kubernetes.io/service-name: kubernetes
  name: kubernetes
  namespace: default
  resourceVersion: '154'
  uid: 2619f92f-c6fb-49cd-937a-4fc25701e4a7
ports:
- name: https
  port: 6443
  protocol: TCP
---
addressType: IPv4
apiVersion: discovery.k8s.io/v1
endpoints:
- addresses:
  - 10.44.0.5
  conditions:
    ready: true
    serving: true
    terminating: false
  hostname: web-0
  nodeName: node-1
  targetRef:
    kind: Pod
    name: web-0
    namespace: default
    uid: 2b42947c-025f-46a0-a7bd-d11a6b59adef
- addresses:
  - 10.32.0.7
  conditions:
    ready: true
    serving: true
    terminating: false
  hostname: web-1
  nodeName: master
  targetRef:
    kind: Pod
    name: web-1
    namespace: default
    uid: fc5b85f4-12c4-481b-ae67-54c2b6c79f8d
- addresses:
  - 10.44.0.6
  conditions:
    ready: false
    serving: false
    terminating: false
  hostname: web-2
  nodeName: node-1
  targetRef:
    kind: Pod
    name: web-2
    namespace: default
    uid: 7d0c1f3e-5a2b-4c8e-9f61-2e4b8a9c0d17
kind: EndpointSlice
metadata:
  annotations:
    endpoints.kubernetes.io/last-change-trigger-time: '2022-02-25T02:41:02Z'
  creationTimestamp: '2022-02-25T02:40:00Z'
  generateName: nginx-
  generation: 3
  labels:
    app: nginx
    endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io
    kubernetes.io/service-name: nginx
    service.kubernetes.io/headless: ''
  name: nginx-5m9ml
  namespace: default
  ownerReferences:
  - apiVersion: v1
    blockOwnerDeletion: true
    controller: true
    kind: Service
    name: nginx
    uid: 5f3b59ad-dd00-49e3-b7ca-a88afe88746b
  resourceVersion: '513784'
  uid: 606bd1d8-fcc1-4f4f-8356-138ec6a19cf0
ports:
- name: web
  port: 80
  protocol: TCP
---
addressType: IPv4
apiVersion: discovery.k8s.io/v1
endpoints:
- addresses:
  - 10.32.0.3
  conditions:
    ready: true
    serving: true
    terminating: false
  nodeName: master
  targetRef:
    kind: Pod
    name: coredns-64897985d-2ddbz
    namespace: kube-system
    uid: b1905e7c-e599-483f-a3c0-88f212a1956a
- addresses:
  - 10.32.0.2
  conditions:
    ready: true
    serving: true
    terminating: false
  nodeName: master
  targetRef:
    kind: Pod
    name: coredns-64897985d-mwmx2
    namespace: kube-system
    uid: c8fcb085-a069-4838-95fc-2d4a6f688fa8
kind: EndpointSlice
metadata:
  annotations:
    endpoints.kubernetes.io/last-change-trigger-time: '2022-02-10T06:01:42Z'
  creationTimestamp: '2022-02-10T06:00:20Z'
  generateName: kube-dns-
  generation: 3
  labels:
    endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io
    k8s-app: kube-dns
    kubernetes.io/cluster-service: 'true'
    kubernetes.io/name: CoreDNS
    kubernetes.io/service-name: kube-dns
  name: kube-dns-9hrmf
  namespace: kube-system
  ownerReferences:
  - apiVersion: v1
    blockOwnerDeletion: true
    controller: true
    kind: Service
    name: kube-dns
    uid: d593afb7-1f21-4048-8e03-aa922dedb7a9
  resourceVersion: '201'
  uid: 201b9260-399a-4c6f-8c26-1105b517a541
ports:
- name: dns
  port: 53
  protocol: UDP
- name: dns-tcp
  port: 53
  protocol: TCP
- name: metrics
  port: 9153
  protocol: TCP
---
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    deployment.kubernetes.io/revision: '1'
  creationTimestamp: '2022-02-10T06:00:20Z'
  generation: 1
  labels:
    k8s-app: kube-dns
  name: coredns
  namespace: kube-system
  resourceVersion: '202'
  uid: 0c246874-6511-41f6-baa3-65d18dd4b114
spec:
  progressDeadlineSeconds: 600
  replicas: 2
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      k8s-app: kube-dns
  strategy:
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 1
    type: RollingUpdate
  template:
    metadata:
      creationTimestamp: null
      labels:
        k8s-app: kube-dns
    spec:
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - podAffinityTerm:
              labelSelector:
                matchExpressions:
                - key: k8s-app
                  operator: In
                  values:
                  - kube-dns
              topologyKey: kubernetes.io/hostname
            weight: 100
      containers:
      - args:
        - -conf
        - /etc/coredns/Corefile
        image: k8s.gcr.io/coredns/coredns:v1.8.6
        imagePullPolicy: IfNotPresent
        livenessProbe:
          failureThreshold: 5
          httpGet:
            path: /health
            port: 8080
            scheme: HTTP
          initialDelaySeconds: 60
          periodSeconds: 10
          successThreshold: 1
          timeoutSeconds: 5
        name: coredns
        ports:
        - containerPort: 53
          name: dns
          protocol: UDP
        - containerPort: 53
          name: dns-tcp
          protocol: TCP
        - containerPort: 9153
          name: metrics
          protocol: TCP
        readinessProbe:
          failureThreshold: 3
          httpGet:
            path: /ready
            port: 8181
            scheme: HTTP
          periodSeconds: 10
          successThreshold: 1
          timeoutSeconds: 1
        resources:
          limits:
            memory: 170Mi
          requests:
            cpu: 100m
            memory: 70Mi
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            add:
            - NET_BIND_SERVICE
            drop:
            - all
          readOnlyRootFilesystem: true
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
        volumeMounts:
        - mountPath: /etc/coredns
          name: config-volume
          readOnly: true
      dnsPolicy: Default
      nodeSelector:
        kubernetes.io/os: linux
      priorityClassName: system-cluster-critical
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      serviceAccount: coredns
      serviceAccountName: coredns
      terminationGracePeriodSeconds: 30
      tolerations:
      - key: CriticalAddonsOnly
        operator: Exists
      - effect: NoSchedule
        key: node-role.kubernetes.io/master
      - effect: NoSchedule
        key: node-role.kubernetes.io/control-plane
      volumes:
      - configMap:
          defaultMode: 420
          items:
          - key: Corefile
            path: Corefile
          name: coredns
        name: config-volume
status:
  availableReplicas: 2
  conditions:
  - lastTransitionTime: '2022-02-10T06:01:42Z'
    lastUpdateTime: '2022-02-10T06:01:42Z'
    message: Deployment has minimum availability.
    reason: MinimumReplicasAvailable
    status: 'True'
    type: Available
  - lastTransitionTime: '2022-02-10T06:00:20Z'
    lastUpdateTime: '2022-02-10T06:01:42Z'
    message: ReplicaSet "coredns-64897985d" has successfully progressed.
    reason: NewReplicaSetAvailable
    status: 'True'
    type: Progressing
  observedGeneration: 1
  readyReplicas: 2
  replicas: 2
  updatedReplicas: 2
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  annotations:
    deployment.kubernetes.io/desired-replicas: '2'
    deployment.kubernetes.io/max-replicas: '3'
    deployment.kubernetes.io/revision: '1'
  creationTimestamp: '2022-02-10T06:00:20Z'
  generation: 1
  labels:
    k8s-app: kube-dns
    pod-template-hash: 64897985d
  name: coredns-64897985d
  namespace: kube-system
  ownerReferences:
  - apiVersion: apps/v1
    blockOwnerDeletion: true
    controller: true
    kind: Deployment
    name: coredns
    uid: 0c246874-6511-41f6-baa3-65d18dd4b114
  resourceVersion: '203'
  uid: 18369b7f-bbb5-4f4f-80c2-d10c4a6a8714
spec:
  replicas: 2
  selector:
    matchLabels:
      k8s-app: kube-dns
      pod-template-hash: 64897985d
  template:
    metadata:
      creationTimestamp: null
      labels:
        k8s-app: kube-dns
        pod-template-hash: 64897985d
    spec:
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - podAffinityTerm:
              labelSelector:
                matchExpressions:
                - key: k8s-app
                  operator: In
                  values:
                  - kube-dns
              topologyKey: kubernetes.io/hostname
            weight: 100
      containers:
      - args:
        - -conf
        - /etc/coredns/Corefile
        image: k8s.gcr.io/coredns/coredns:v1.8.6
        imagePullPolicy: IfNotPresent
        livenessProbe:
          failureThreshold: 5
          httpGet:
            path: /health
            port: 8080
            scheme: HTTP
          initialDelaySeconds: 60
          periodSeconds: 10
          successThreshold: 1
          timeoutSeconds: 5
        name: coredns
        ports:
        - containerPort: 53
          name: dns
          protocol: UDP
        - containerPort: 53
          name: dns-tcp
          protocol: TCP
        - containerPort: 9153
          name: metrics
          protocol: TCP
        readinessProbe:
          failureThreshold: 3
          httpGet:
            path: /ready
            port: 8181
            scheme: HTTP
          periodSeconds: 10
          successThreshold: 1
          timeoutSeconds: 1
        resources:
          limits:
            memory: 170Mi
          requests:
            cpu: 100m
            memory: 70Mi
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            add:
            - NET_BIND_SERVICE
            drop:
            - all
          readOnlyRootFilesystem: true
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
        volumeMounts:
        - mountPath: /etc/coredns
          name: config-volume
          readOnly: true
      dnsPolicy: Default
      nodeSelector:
        kubernetes.io/os: linux
      priorityClassName: system-cluster-critical
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      serviceAccount: coredns
      serviceAccountName: coredns
      terminationGracePeriodSeconds: 30
      tolerations:
      - key: CriticalAddonsOnly
        operator: Exists
      - effect: NoSchedule
        key: node-role.kubernetes.io/master
      - effect: NoSchedule
        key: node-role.kubernetes.io/control-plane
      volumes:
      - configMap:
          defaultMode: 420
          items:
          - key: Corefile
            path: Corefile
          name: coredns
        name: config-volume
status:
  availableReplicas: 2
  fullyLabeledReplicas: 2
  observedGeneration: 1
  readyReplicas: 2
  replicas: 2
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  creationTimestamp: '2022-02-25T02:40:20Z'
  generation: 1
  name: web
  namespace: default
  resourceVersion: '513785'
  uid: 3c8795ea-3d84-4946-8970-30b24470008a
spec:
  podManagementPolicy: OrderedReady
  replicas: 3
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app: nginx
  serviceName: nginx
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: nginx
    spec:
      containers:
      - image: nginx:1.9.1
        imagePullPolicy: IfNotPresent
        name: nginx
        ports:
        - containerPort: 80
          name: web
          protocol: TCP
        readinessProbe:
          failureThreshold: 3
          httpGet:
            path: /
            port: web
            scheme: HTTP
          periodSeconds: 5
          successThreshold: 1
          timeoutSeconds: 1
        resources: {}
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
  updateStrategy:
    rollingUpdate:
      partition: 0
    type: RollingUpdate
status:
  availableReplicas: 2
  collisionCount: 0
  currentReplicas: 3
  currentRevision: web-8d6c5f9b7b
  observedGeneration: 1
  readyReplicas: 2
  replicas: 3
  updateRevision: web-8d6c5f9b7b
  updatedReplicas: 3
---
apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: '2022-02-25T02:40:20Z'
  generateName: web-
  labels:
    app: nginx
    controller-revision-hash: web-8d6c5f9b7b
    statefulset.kubernetes.io/pod-name: web-0
  name: web-0
  namespace: default
  ownerReferences:
  - apiVersion: apps/v1
    blockOwnerDeletion: true
    controller: true
    kind: StatefulSet
    name: web
    uid: 3c8795ea-3d84-4946-8970-30b24470008a
  resourceVersion: '513779'
  uid: 2b42947c-025f-46a0-a7bd-d11a6b59adef
spec:
  containers:
  - image: nginx:1.9.1
    imagePullPolicy: IfNotPresent
    name: nginx
    ports:
    - containerPort: 80
      name: web
      protocol: TCP
    readinessProbe:
      failureThreshold: 3
      httpGet:
        path: /
        port: web
        scheme: HTTP
      periodSeconds: 5
      successThreshold: 1
      timeoutSeconds: 1
    resources: {}
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: File
    volumeMounts:
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      name: kube-api-access-gbr78
      readOnly: true
  dnsPolicy: ClusterFirst
  enableServiceLinks: true
  hostname: web-0
  nodeName: node-1
  preemptionPolicy: PreemptLowerPriority
  priority: 0
  restartPolicy: Always
  schedulerName: default-scheduler
  securityContext: {}
  serviceAccount: default
  serviceAccountName: default
  subdomain: nginx
  terminationGracePeriodSeconds: 30
  tolerations:
  - effect: NoExecute
    key: node.kubernetes.io/not-ready
    operator: Exists
    tolerationSeconds: 300
  - effect: NoExecute
    key: node.kubernetes.io/unreachable
    operator: Exists
    tolerationSeconds: 300
  volumes:
  - name: kube-api-access-gbr78
    projected:
      defaultMode: 420
      sources:
      - serviceAccountToken:
          expirationSeconds: 3607
          path: token
      - configMap:
          items:
          - key: ca.crt
            path: ca.crt
          name: kube-root-ca.crt
      - downwardAPI:
          items:
          - fieldRef:
              apiVersion: v1
              fieldPath: metadata.namespace
            path: namespace
status:
  conditions:
  - lastProbeTime: null
    lastTransitionTime: '2022-02-25T02:40:20Z'
    status: 'True'
    type: Initialized
  - lastProbeTime: null
    lastTransitionTime: '2022-02-25T02:40:33Z'
    status: 'True'
    type: Ready
  - lastProbeTime: null
    lastTransitionTime: '2022-02-25T02:40:33Z'
    status: 'True'
    type: ContainersReady
  - lastProbeTime: null
    lastTransitionTime: '2022-02-25T02:40:20Z'
    status: 'True'
    type: PodScheduled
  containerStatuses:
  - containerID: containerd://2fae2062fe5cfa45512d4cc3a03db56ade7098fe5c8c70646655ff11d2abf77d
    image: docker.io/library/nginx:1.9.1
    imageID: docker.io/library/nginx@sha256:f0d93d4d3103c7f8a2021c6d68d3ea6cd71df335fbbcac61b1bd0e0595a21770
    lastState: {}
    name: nginx
    ready: true
    restartCount: 0
    started: true
    state:
      running:
        startedAt: '2022-02-25T02:40:32Z'
  hostIP: 192.168.56.11
  phase: Running
  podIP: 10.44.0.5
  podIPs:
  - ip: 10.44.0.5
  qosClass: BestEffort
  startTime: '2022-02-25T02:40:20Z'
---
apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: '2022-02-25T02:40:33Z'
  generateName: web-
  labels:
    app: nginx
    controller-revision-hash: web-8d6c5f9b7b
    statefulset.kubernetes.io/pod-name: web-1
  name: web-1
  namespace: default
  ownerReferences:
  - apiVersion: apps/v1
    blockOwnerDeletion: true
    controller: true
    kind: StatefulSet
    name: web
    uid: 3c8795ea-3d84-4946-8970-30b24470008a
  resourceVersion: '513786'
  uid: fc5b85f4-12c4-481b-ae67-54c2b6c79f8d
spec:
  containers:
  - image: nginx:1.9.1
    imagePullPolicy: IfNotPresent
    name: nginx
    ports:
    - containerPort: 80
      name: web
      protocol: TCP
    readinessProbe:
      failureThreshold: 3
      httpGet:
        path: /
        port: web
        scheme: HTTP
      periodSeconds: 5
      successThreshold: 1
      timeoutSeconds: 1
    resources: {}
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: File
    volumeMounts:
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      name: kube-api-access-kd2xl
      readOnly: true
  dnsPolicy: ClusterFirst
  enableServiceLinks: true
  hostname: web-1
  nodeName: master
  preemptionPolicy: PreemptLowerPriority
  priority: 0
  restartPolicy: Always
  schedulerName: default-scheduler
  securityContext: {}
  serviceAccount: default
  serviceAccountName: default
  subdomain: nginx
  terminationGracePeriodSeconds: 30
  tolerations:
  - effect: NoExecute
    key: node.kubernetes.io/not-ready
    operator: Exists
    tolerationSeconds: 300
  - effect: NoExecute
    key: node.kubernetes.io/unreachable
    operator: Exists
    tolerationSeconds: 300
  volumes:
  - name: kube-api-access-kd2xl
    projected:
      defaultMode: 420
      sources:
      - serviceAccountToken:
          expirationSeconds: 3607
          path: token
      - configMap:
          items:
          - key: ca.crt
            path: ca.crt
          name: kube-root-ca.crt
      - downwardAPI:
          items:
          - fieldRef:
              apiVersion: v1
              fieldPath: metadata.namespace
            path: namespace
status:
  conditions:
  - lastProbeTime: null
    lastTransitionTime: '2022-02-25T02:40:33Z'
    status: 'True'
    type: Initialized
  - lastProbeTime: null
    lastTransitionTime: '2022-02-25T02:40:41Z'
    status: 'True'
    type: Ready
  - lastProbeTime: null
    lastTransitionTime: '2022-02-25T02:40:41Z'
    status: 'True'
    type: ContainersReady
  - lastProbeTime: null
    lastTransitionTime: '2022-02-25T02:40:33Z'
    status: 'True'
    type: PodScheduled
  containerStatuses:
  - containerID: containerd://96c2d4641c032b3cfb792adb5ed115adea02eb9f47e69e3e34de8ee08e23817f
    image: docker.io/library/nginx:1.9.1
    imageID: docker.io/library/nginx@sha256:f0d93d4d3103c7f8a2021c6d68d3ea6cd71df335fbbcac61b1bd0e0595a21770
    lastState: {}
    name: nginx
    ready: true
    restartCount: 0
    started: true
    state:
      running:
        startedAt: '2022-02-25T02:40:40Z'
  hostIP: 192.168.56.10
  phase: Running
  podIP: 10.32.0.7
  podIPs:
  - ip: 10.32.0.7
  qosClass: BestEffort
  startTime: '2022-02-25T02:40:33Z'
---
apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: '2022-02-10T06:00:20Z'
  generateName: coredns-64897985d-
  labels:
    k8s-app: kube-dns
    pod-template-hash: 64897985d
  name: coredns-64897985d-2ddbz
  namespace: kube-system
  ownerReferences:
  - apiVersion: apps/v1
    blockOwnerDeletion: true
    controller: true
    kind: ReplicaSet
    name: coredns-64897985d
    uid: 18369b7f-bbb5-4f4f-80c2-d10c4a6a8714
  resourceVersion: '204'
  uid: b1905e7c-e599-483f-a3c0-88f212a1956a
spec:
  affinity:
    podAntiAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
      - podAffinityTerm:
          labelSelector:
            matchExpressions:
            - key: k8s-app
              operator: In
              values:
              - kube-dns
          topologyKey: kubernetes.io/hostname
        weight: 100
  containers:
  - args:
    - -conf
    - /etc/coredns/Corefile
    image: k8s.gcr.io/coredns/coredns:v1.8.6
    imagePullPolicy: IfNotPresent
    livenessProbe:
      failureThreshold: 5
      httpGet:
        path: /health
        port: 8080
        scheme: HTTP
      initialDelaySeconds: 60
      periodSeconds: 10
      successThreshold: 1
      timeoutSeconds: 5
    name: coredns
    ports:
    - containerPort: 53
      name: dns
      protocol: UDP
    - containerPort: 53
      name: dns-tcp
      protocol: TCP
    - containerPort: 9153
      name: metrics
      protocol: TCP
    readinessProbe:
      failureThreshold: 3
      httpGet:
        path: /ready
        port: 8181
        scheme: HTTP
      periodSeconds: 10
      successThreshold: 1
      timeoutSeconds: 1
    resources:
      limits:
        memory: 170Mi
      requests:
        cpu: 100m
        memory: 70Mi
    securityContext:
      allowPrivilegeEscalation: false
      capabilities:
        add:
        - NET_BIND_SERVICE
        drop:
        - all
      readOnlyRootFilesystem: true
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: File
    volumeMounts:
    - mountPath: /etc/coredns
      name: config-volume
      readOnly: true
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      name: kube-api-access-s5sqc
      readOnly: true
  dnsPolicy: Default
  enableServiceLinks: true
  nodeName: master
  nodeSelector:
    kubernetes.io/os: linux
  preemptionPolicy: PreemptLowerPriority
  priority: 2000000000
  priorityClassName: system-cluster-critical
  restartPolicy: Always
  schedulerName: default-scheduler
  securityContext: {}
  serviceAccount: coredns
  serviceAccountName: coredns
  terminationGracePeriodSeconds: 30
  tolerations:
  - key: CriticalAddonsOnly
    operator: Exists
  - effect: NoSchedule
    key: node-role.kubernetes.io/master
  - effect: NoSchedule
    key: node-role.kubernetes.io/control-plane
  - effect: NoExecute
    key: node.kubernetes.io/not-ready
    operator: Exists
    tolerationSeconds: 300
  - effect: NoExecute
    key: node.kubernetes.io/unreachable
    operator: Exists
    tolerationSeconds: 300
  volumes:
  - configMap:
      defaultMode: 420
      items:
      - key: Corefile
        path: Corefile
      name: coredns
    name: config-volume
  - name: kube-api-access-s5sqc
    projected:
      defaultMode: 420
      sources:
      - serviceAccountToken:
          expirationSeconds: 3607
          path: token
      - configMap:
          items:
          - key: ca.crt
            path: ca.crt
          name: kube-root-ca.crt
      - downwardAPI:
          items:
          - fieldRef:
              apiVersion: v1
              fieldPath: metadata.namespace
            path: namespace
status:
  conditions:
  - lastProbeTime: null
    lastTransitionTime: '2022-02-10T06:00:20Z'
    status: 'True'
    type: Initialized
  - lastProbeTime: null
    lastTransitionTime: '2022-02-10T06:01:42Z'
    status: 'True'
    type: Ready
  - lastProbeTime: null
    lastTransitionTime: '2022-02-10T06:01:42Z'
    status: 'True'
    type: ContainersReady
  - lastProbeTime: null
    lastTransitionTime: '2022-02-10T06:00:20Z'
    status: 'True'
    type: PodScheduled
  containerStatuses:
  - containerID: containerd://0bd3d71f225646bad3b0031a2381d1827c9d962ed5180b90f101d7d1046b14b0
    image: k8s.gcr.io/coredns/coredns:v1.8.6
    imageID: k8s.gcr.io/coredns/coredns@sha256:344d0e5baccb3ea1b3b3208fcc33873adcbd682aa94b7b20ea6377bae83895ba
    lastState: {}
    name: coredns
    ready: true
    restartCount: 0
    started: true
    state:
      running:
        startedAt: '2022-02-10T06:01:36Z'
  hostIP: 192.168.56.10
  phase: Running
  podIP: 10.32.0.3
  podIPs:
  - ip: 10.32.0.3
  qosClass: Burstable
  startTime: '2022-02-10T06:00:20Z'
---
apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: '2022-02-10T06:00:20Z'
  generateName: coredns-64897985d-
  labels:
    k8s-app: kube-dns
    pod-template-hash: 64897985d
  name: coredns-64897985d-mwmx2
  namespace: kube-system
  ownerReferences:
  - apiVersion: apps/v1
    blockOwnerDeletion: true
    controller: true
    kind: ReplicaSet
    name: coredns-64897985d
    uid: 18369b7f-bbb5-4f4f-80c2-d10c4a6a8714
  resourceVersion: '199'
  uid: c8fcb085-a069-4838-95fc-2d4a6f688fa8
spec:
  affinity:
    podAntiAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
      - podAffinityTerm:
          labelSelector:
            matchExpressions:
            - key: k8s-app
              operator: In
              values:
              - kube-dns
          topologyKey: kubernetes.io/hostname
        weight: 100
  containers:
  - args:
    - -conf
    - /etc/coredns/Corefile
    image: k8s.gcr.io/coredns/coredns:v1.8.6
    imagePullPolicy: IfNotPresent
    livenessProbe:
      failureThreshold: 5
      httpGet:
        path: /health
        port: 8080
        scheme: HTTP
      initialDelaySeconds: 60
      periodSeconds: 10
      successThreshold: 1
      timeoutSeconds: 5
    name: coredns
    ports:
    - containerPort: 53
      name: dns
      protocol: UDP
    - containerPort: 53
      name: dns-tcp
      protocol: TCP
    - containerPort: 9153
      name: metrics
      protocol: TCP
    readinessProbe:
      failureThreshold: 3
      httpGet:
        path: /ready
        port: 8181
        scheme: HTTP
      periodSeconds: 10
      successThreshold: 1
      timeoutSeconds: 1
    resources:
      limits:
        memory: 170Mi
      requests:
        cpu: 100m
        memory: 70Mi
    securityContext:
      allowPrivilegeEscalation: false
      capabilities:
        add:
        - NET_BIND_SERVICE
        drop:
        - all
      readOnlyRootFilesystem: true
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: File
    volumeMounts:
    - mountPath: /etc/coredns
      name: config-volume
      readOnly: true
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      name: kube-api-access-8xx7h
      readOnly: true
  dnsPolicy: Default
  enableServiceLinks: true
  nodeName: master
  nodeSelector:
    kubernetes.io/os: linux
  preemptionPolicy: PreemptLowerPriority
  priority: 2000000000
  priorityClassName: system-cluster-critical
  restartPolicy: Always
  schedulerName: default-scheduler
  securityContext: {}
  serviceAccount: coredns
  serviceAccountName: coredns
  terminationGracePeriodSeconds: 30
  tolerations:
  - key: CriticalAddonsOnly
    operator: Exists
  - effect: NoSchedule
    key: node-role.kubernetes.io/master
  - effect: NoSchedule
    key: node-role.kubernetes.io/control-plane
  - effect: NoExecute
    key: node.kubernetes.io/not-ready
    operator: Exists
    tolerationSeconds: 300
  - effect: NoExecute
    key: node.kubernetes.io/unreachable
    operator: Exists
    tolerationSeconds: 300
  volumes:
  - configMap:
      defaultMode: 420
      items:
      - key: Corefile
        path: Corefile
      name: coredns
    name: config-volume
  - name: kube-api-access-8xx7h
    projected:
      defaultMode: 420
      sources:
      - serviceAccountToken:
          expirationSeconds: 3607
          path: token
      - configMap:
          items:
          - key: ca.crt
            path: ca.crt
          name: kube-root-ca.crt
      - downwardAPI:
          items:
          - fieldRef:
              apiVersion: v1
              fieldPath: metadata.namespace
            path: namespace
status:
  conditions:
  - lastProbeTime: null
    lastTransitionTime: '2022-02-10T06:00:20Z'
    status: 'True'
    type: Initialized
  - lastProbeTime: null
    lastTransitionTime: '2022-02-10T06:01:41Z'
    status: 'True'
    type: Ready
  - lastProbeTime: null
    lastTransitionTime: '2022-02-10T06:01:41Z'
    status: 'True'
    type: ContainersReady
  - lastProbeTime: null
    lastTransitionTime: '2022-02-10T06:00:20Z'
    status: 'True'
    type: PodScheduled
  containerStatuses:
  - containerID: containerd://17715d01c884c925e0395c53dfb98c0d11cee3e942a22ba758d77af630c0b67a
    image: k8s.gcr.io/coredns/coredns:v1.8.6
    imageID: k8s.gcr.io/coredns/coredns@sha256:344d0e5baccb3ea1b3b3208fcc33873adcbd682aa94b7b20ea6377bae83895ba
    lastState: {}
    name: coredns
    ready: true
    restartCount: 0
    started: true
    state:
      running:
        startedAt: '2022-02-10T06:01:35Z'
  hostIP: 192.168.56.10
  phase: Running
  podIP: 10.32.0.2
  podIPs:
  - ip: 10.32.0.2
  qosClass: Burstable
  startTime: '2022-02-10T06:00:20Z'
---
apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: '2022-02-25T02:40:41Z'
  generateName: web-
  labels:
    app: nginx
    controller-revision-hash: web-8d6c5f9b7b
    statefulset.kubernetes.io/pod-name: web-2
  name: web-2
  namespace: default
  ownerReferences:
  - apiVersion: apps/v1
    blockOwnerDeletion: true
    controller: true
    kind: StatefulSet
    name: web
    uid: 3c8795ea-3d84-4946-8970-30b24470008a
  resourceVersion: '513790'
  uid: 7d0c1f3e-5a2b-4c8e-9f61-2e4b8a9c0d17
spec:
  containers:
  - image: nginx:1.9.1
    imagePullPolicy: IfNotPresent
    name: nginx
    ports:
    - containerPort: 80
      name: web
      protocol: TCP
    readinessProbe:
      failureThreshold: 3
      httpGet:
        path: /
        port: web
        scheme: HTTP
      periodSeconds: 5
      successThreshold: 1
      timeoutSeconds: 1
    resources: {}
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: File
    volumeMounts:
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      name: kube-api-access-kd2xl
      readOnly: true
  dnsPolicy: ClusterFirst
  enableServiceLinks: true
  hostname: web-2
  nodeName: node-1
  preemptionPolicy: PreemptLowerPriority
  priority: 0
  restartPolicy: Always
  schedulerName: default-scheduler
  securityContext: {}
  serviceAccount: default
  serviceAccountName: default
  subdomain: nginx
  terminationGracePeriodSeconds: 30
  tolerations:
  - effect: NoExecute
    key: node.kubernetes.io/not-ready
    operator: Exists
    tolerationSeconds: 300
  - effect: NoExecute
    key: node.kubernetes.io/unreachable
    operator: Exists
    tolerationSeconds: 300
  volumes:
  - name: kube-api-access-kd2xl
    projected:
      defaultMode: 420
      sources:
      - serviceAccountToken:
          expirationSeconds: 3607
          path: token
      - configMap:
          items:
          - key: ca.crt
            path: ca.crt
          name: kube-root-ca.crt
      - downwardAPI:
          items:
          - fieldRef:
              apiVersion: v1
              fieldPath: metadata.namespace
            path: namespace
status:
  conditions:
  - lastProbeTime: null
    lastTransitionTime: '2022-02-25T02:40:41Z'
    status: 'True'
    type: Initialized
  - lastProbeTime: null
    lastTransitionTime: '2022-02-25T02:40:41Z'
    message: 'containers with unready status: [nginx]'
    reason: ContainersNotReady
    status: 'False'
    type: Ready
  - lastProbeTime: null
    lastTransitionTime: '2022-02-25T02:40:41Z'
    message: 'containers with unready status: [nginx]'
    reason: ContainersNotReady
    status: 'False'
    type: ContainersReady
  - lastProbeTime: null
    lastTransitionTime: '2022-02-25T02:40:41Z'
    status: 'True'
    type: PodScheduled
  containerStatuses:
  - containerID: containerd://5b1d0c7e9a3f4e2d8c6b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d
    image: docker.io/library/nginx:1.9.1
    imageID: docker.io/library/nginx@sha256:f0d93d4d3103c7f8a2021c6d68d3ea6cd71df335fbbcac61b1bd0e0595a21770
    lastState: {}
    name: nginx
    ready: false
    restartCount: 0
    started: true
    state:
      running:
        startedAt: '2022-02-25T02:40:49Z'
  hostIP: 192.168.56.11
  phase: Running
  podIP: 10.44.0.6
  podIPs:
  - ip: 10.44.0.6
  qosClass: BestEffort
  startTime: '2022-02-25T02:40:41Z'
---
apiVersion: v1
kind: Service
metadata:
  creationTimestamp: '2022-02-25T02:45:00Z'
  labels:
    app: nginx
  name: nginx-public
  namespace: default
  resourceVersion: '514020'
  uid: 0e6b3c2a-9d41-4f7e-8a55-6c1f2b3d4e5f
spec:
  clusterIP: 10.96.120.15
  clusterIPs:
  - 10.96.120.15
  internalTrafficPolicy: Cluster
  ipFamilies:
  - IPv4
  ipFamilyPolicy: SingleStack
  ports:
  - name: http
    port: 8080
    protocol: TCP
    targetPort: web
  selector:
    app: nginx
  sessionAffinity: None
  type: ClusterIP
status:
  loadBalancer: {}
---
apiVersion: v1
kind: Endpoints
metadata:
  annotations:
    endpoints.kubernetes.io/last-change-trigger-time: '2022-02-25T02:45:00Z'
  creationTimestamp: '2022-02-25T02:45:00Z'
  labels:
    app: nginx
  name: nginx-public
  namespace: default
  resourceVersion: '514021'
  uid: 9c7e5a3b-2d1f-4e6a-b8c9-d0e1f2a3b4c5
subsets:
- addresses:
  - ip: 10.32.0.7
    nodeName: master
    targetRef:
      kind: Pod
      name: web-1
      namespace: default
      uid: fc5b85f4-12c4-481b-ae67-54c2b6c79f8d
  - ip: 10.44.0.5
    nodeName: node-1
    targetRef:
      kind: Pod
      name: web-0
      namespace: default
      uid: 2b42947c-025f-46a0-a7bd-d11a6b59adef
  notReadyAddresses:
  - ip: 10.44.0.6
    nodeName: node-1
    targetRef:
      kind: Pod
      name: web-2
      namespace: default
      uid: 7d0c1f3e-5a2b-4c8e-9f61-2e4b8a9c0d17
  ports:
  - name: http
    port: 80
    protocol: TCP
---
addressType: IPv4
apiVersion: discovery.k8s.io/v1
endpoints:
- addresses:
  - 10.44.0.5
  conditions:
    ready: true
    serving: true
    terminating: false
  nodeName: node-1
  targetRef:
    kind: Pod
    name: web-0
    namespace: default
    uid: 2b42947c-025f-46a0-a7bd-d11a6b59adef
- addresses:
  - 10.32.0.7
  conditions:
    ready: true
    serving: true
    terminating: false
  nodeName: master
  targetRef:
    kind: Pod
    name: web-1
    namespace: default
    uid: fc5b85f4-12c4-481b-ae67-54c2b6c79f8d
- addresses:
  - 10.44.0.6
  conditions:
    ready: false
    serving: false
    terminating: false
  nodeName: node-1
  targetRef:
    kind: Pod
    name: web-2
    namespace: default
    uid: 7d0c1f3e-5a2b-4c8e-9f61-2e4b8a9c0d17
kind: EndpointSlice
metadata:
  annotations:
    endpoints.kubernetes.io/last-change-trigger-time: '2022-02-25T02:45:00Z'
  creationTimestamp: '2022-02-25T02:45:00Z'
  generateName: nginx-public-
  generation: 1
  labels:
    app: nginx
    endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io
    kubernetes.io/service-name: nginx-public
  name: nginx-public-x7k2p
  namespace: default
  ownerReferences:
  - apiVersion: v1
    blockOwnerDeletion: true
    controller: true
    kind: Service
    name: nginx-public
    uid: 0e6b3c2a-9d41-4f7e-8a55-6c1f2b3d4e5f
  resourceVersion: '514022'
  uid: 4a8d2e6f-1b3c-4d5e-8f9a-0b1c2d3e4f5a
ports:
- name: http
  port: 80
  protocol: TCP
`;
