/*
 * groundkube's pod sandbox program: holds the pod's namespaces open, reaps any child that gets re-parented
 * to it, and exits as soon as it is asked to (SIGTERM or SIGINT). Built static so it runs on scratch.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_stop(int signo) {
  (void)signo;
  _exit(0);
}

static void on_child(int signo) {
  int saved = errno;
  (void)signo;
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
  errno = saved;
}

static int install(int signo, void (*handler)(int)) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = handler;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  return sigaction(signo, &action, NULL);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "-v") == 0) {
    printf("groundkube pause 3.10\n");
    return 0;
  }
  if (getpid() != 1) fprintf(stderr, "pause: not running as PID 1; children of other processes are not reaped\n");
  if (install(SIGTERM, on_stop) != 0 || install(SIGINT, on_stop) != 0 || install(SIGCHLD, on_child) != 0) {
    perror("pause: sigaction");
    return 1;
  }
  for (;;) pause();
}
