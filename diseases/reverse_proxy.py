"""
The project's nginx site (deploy/nginx-site.conf) run on loopback, as the
benchmark and the deployment test run it: the site's @…@ values filled in,
inside a main configuration that keeps everything nginx writes in one
directory, with Debian's nginx (`make proxy` installs it).
"""

import os
import shutil
import signal
import subprocess
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

SITE = Path(settings.BASE_DIR) / "deploy" / "nginx-site.conf"


def nginx_command():
    """Where nginx is (Debian puts it in /usr/sbin, which not every PATH holds); None when it is not installed."""
    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")


def site_config(*, workdir, upstream, listen, server_name="127.0.0.1", before_root_location=""):
    """deploy/nginx-site.conf for one app server, caching into `workdir`; `before_root_location` adds directives."""
    cache_dir = Path(workdir) / "nginx-cache"
    cache_dir.mkdir()
    # nginx started by root runs its workers as nobody: they write the cache.
    os.chmod(cache_dir, 0o777)  # noqa: S103
    return (
        SITE.read_text()
        .replace("@CACHE_DIR@", str(cache_dir))
        .replace("@UPSTREAM@", upstream)
        .replace("@LISTEN@", listen)
        .replace("@SERVER_NAME@", server_name)
        .replace("    location / {", f"{before_root_location}    location / {{", 1)
    )


@contextmanager
def running(workdir, site):
    """nginx serving `site` until the block ends; its error log is `workdir`/error.log."""
    command = nginx_command()
    if command is None:
        raise FileNotFoundError("nginx is not installed: `make proxy` installs Debian's.")
    workdir = Path(workdir)
    # nginx started by root runs its workers as nobody: they read what is here.
    os.chmod(workdir, 0o755)  # noqa: S103
    (workdir / "nginx.conf").write_text(
        f"worker_processes 1;\npid {workdir}/nginx.pid;\nerror_log {workdir}/error.log;\n"
        f"events {{ worker_connections 1024; }}\n"
        f"http {{\n  access_log off;\n"
        f"  client_body_temp_path {workdir}/body;\n"
        f"  proxy_temp_path {workdir}/proxy;\n  fastcgi_temp_path {workdir}/fastcgi;\n"
        f"  uwsgi_temp_path {workdir}/uwsgi;\n  scgi_temp_path {workdir}/scgi;\n{site}\n}}\n"
    )
    nginx = subprocess.Popen(  # noqa: S603 - our own configuration
        [command, "-e", str(workdir / "error.log"), "-c", str(workdir / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield nginx
    finally:
        nginx.send_signal(signal.SIGQUIT)
        nginx.wait(timeout=30)
