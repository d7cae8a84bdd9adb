package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/gonggu/gonggu/internal/auth"
	"github.com/gonggu/gonggu/internal/errs"
	"github.com/gonggu/gonggu/internal/region"
	"github.com/gonggu/gonggu/internal/score"
	"github.com/gonggu/gonggu/internal/store"
	"github.com/gonggu/gonggu/internal/web"
)

func runServe(ctx context.Context, m *Main, args []string) error {
	fs := m.flags("serve")
	dsn := m.dbFlag(fs)
	addr := fs.String("addr", ":8080", "监听地址")
	trust := fs.Bool("trust-proxy", false, "信任反向代理的 X-Forwarded-Proto / X-Forwarded-For（在 HTTPS 代理之后运行时打开）")
	proxies := fs.Int("trusted-proxies", 1, "与 --trust-proxy 一起使用：本服务之前串联的反向代理层数；客户端地址取 X-Forwarded-For 从右数第这么多个")
	loginMem := fs.Int("login-memory", auth.DefaultHashBudget/1024, "同时校验登录密码最多占用的内存（MB）；超出时登录排队，队列满则请用户稍后再试")
	cert := fs.String("tls-cert", "", "HTTPS 证书文件（与 --tls-key 一起使用）")
	key := fs.String("tls-key", "", "HTTPS 私钥文件")
	if err := parse(fs, args); err != nil {
		return err
	}
	if (*cert == "") != (*key == "") {
		return errs.E(errs.Invalid, "--tls-cert 和 --tls-key 须同时给出")
	}
	if *proxies < 1 || *proxies > 10 {
		return errs.E(errs.Invalid, "--trusted-proxies 应为 1 到 10 之间的整数")
	}
	if *loginMem < 16 || *loginMem > 64*1024 {
		return errs.E(errs.Invalid, "--login-memory 应在 16 到 65536（MB）之间")
	}
	db, err := m.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	tree, err := region.Load()
	if err != nil {
		return err
	}
	srv, err := m.newWeb(db, tree, *trust, func(c *web.Config) {
		c.TrustedProxies = *proxies
		c.Auth.HashBudget = int64(*loginMem) * 1024
	})
	if err != nil {
		return err
	}
	defer srv.Wait() // background scorecard refreshes end before the database closes
	// A re-screen an import left unfinished (its process killed) is done while serving.
	defer m.finishOwedInBackground(ctx, db)()
	return m.serve(ctx, db, srv, *addr, *cert, *key, nil)
}

// newWeb builds the web application over db with every part gonggu has; the options adjust
// its configuration before it starts.
func (m *Main) newWeb(db *store.DB, tree *region.Tree, trustProxy bool, opts ...func(*web.Config)) (*web.Server, error) {
	sessions := store.NewSessions(db)
	svc := auth.NewService(store.NewUsers(db), sessions, sessions, m.Now)
	engine := m.newEngine(db)
	if len(tree.Provinces()) >= 31 {
		// The country's tree serve has loaded resolves work places anywhere; an area's tree
		// (the demo's) could not, and the engine loads the country's itself.
		engine.Places = region.NewWorkAreaResolver(tree)
	}
	scores := score.New(db, tree)
	scores.Now = m.Now
	engine.AfterRun = scores.AfterScreening
	cfg := web.Config{Scorecard: scores, DB: db, Tree: tree, Auth: svc, Now: m.Now, Log: m.Log, TrustProxy: trustProxy,
		Screening: web.NewScreening(engine), Params: web.NewParams(store.NewParams(db)),
		Imports: web.NewImports(db, engine, m.Now, m.Log, "")}
	for _, o := range opts {
		o(&cfg)
	}
	return web.New(cfg)
}

// serve listens on addr and serves until ctx ends, then shuts down gracefully. It prints the
// address it listens on (the port may have been chosen by the system) and calls ready, when
// given, with the base URL.
func (m *Main) serve(ctx context.Context, db *store.DB, h http.Handler, addr, cert, key string, ready func(url string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return errs.Wrap(err, errs.Invalid, "无法监听 %s：端口可能已被占用", addr)
	}
	scheme := "http"
	if cert != "" {
		scheme = "https"
	}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	if host == "::" || host == "0.0.0.0" || host == "" {
		host = "127.0.0.1"
	}
	url := fmt.Sprintf("%s://%s/", scheme, net.JoinHostPort(host, port))
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 10 * time.Minute,
		WriteTimeout: 10 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	done := make(chan error, 1)
	go func() {
		if cert != "" {
			done <- hs.ServeTLS(ln, cert, key)
		} else {
			done <- hs.Serve(ln)
		}
	}()
	fmt.Fprintf(m.Stdout, "gonggu 网页服务已启动：%s\n", url)
	if strings.HasPrefix(addr, ":") {
		fmt.Fprintf(m.Stdout, "（监听所有网卡的 %s 端口；局域网内可用本机地址访问）\n", port)
	}
	if ready != nil {
		ready(url)
	}
	sessions := store.NewSessions(db)
	tick := time.NewTicker(10 * time.Minute)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			if errors.Is(err, http.ErrServerClosed) {
				return nil
			}
			return errs.Wrap(err, errs.Internal, "网页服务异常退出")
		case <-tick.C:
			if _, err := sessions.DeleteExpiredSessions(ctx, m.Now()); err != nil {
				m.Log.Error("expire sessions", "err", err)
			}
		case <-ctx.Done():
			sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			err := hs.Shutdown(sctx)
			cancel()
			fmt.Fprintln(m.Stdout, "gonggu 网页服务已停止。")
			if err != nil {
				return errs.Wrap(err, errs.Internal, "网页服务未能正常停止")
			}
			return nil
		}
	}
}
