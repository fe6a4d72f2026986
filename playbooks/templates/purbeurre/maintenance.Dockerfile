# Managed by ploy (playbooks/purbeurre.yml); do not edit.
# The maintenance page's server (runbook 003: the third container): busybox's httpd, serving
# the page mounted on /www.
FROM scratch
COPY busybox /bin/busybox
EXPOSE 80
ENTRYPOINT ["/bin/busybox", "httpd", "-f", "-p", "80", "-h", "/www"]
