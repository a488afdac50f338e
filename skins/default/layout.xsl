<?xml version="1.0" encoding="UTF-8"?>
<!--
  The default skin's shell.  It owns match="/" and calls the named
  templates a brand overrides: brand-header, brand-footer, head-extra.
  A page stylesheet imports this file and draws its content with
  <xsl:template match="content" mode="page">.
  Shared helpers for pages: field (a labelled input with its value and
  error from the page model's <form>), badge (a status label), csrf
  (the hidden token every form sends), cards, progress, avatar
  (initials), empty (an empty state saying what to do next), and the
  icons of parts/icons.xsl.  docs/skins.md describes them.

  Every link, form action and static address is written under $base,
  the site's base path ('' or '/portal', server.base-path), which
  Atrium passes to every transform: href="{$base}/projects".
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:exsl="http://exslt.org/common" extension-element-prefixes="exsl"
    exclude-result-prefixes="exsl">
  <xsl:import href="parts/bell.xsl"/>
  <!-- Parts with their own templates: co-brand, previews, charts, changes. -->
  <xsl:import href="parts/brand.xsl"/>
  <xsl:import href="parts/preview.xsl"/>
  <xsl:import href="parts/charts.xsl"/>
  <xsl:import href="parts/changes.xsl"/>
  <xsl:import href="parts/team.xsl"/>
  <xsl:include href="parts/icons.xsl"/>
  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:param name="base" select="''"/>
  <!-- The static files' address: a path gets the base path in front. -->
  <xsl:variable name="static">
    <xsl:variable name="s" select="/atrium/site/@static"/>
    <xsl:if test="starts-with($s, '/') and not(starts-with($s, '//'))"><xsl:value-of select="$base"/></xsl:if>
    <xsl:value-of select="$s"/>
  </xsl:variable>
  <xsl:variable name="skin" select="/atrium/site/@skin"/>
  <xsl:variable name="role" select="/atrium/user/@role"/>
  <xsl:variable name="staff" select="$role = 'staff' or $role = 'admin'"/>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="color-scheme" content="light dark"/>
        <title>
          <xsl:if test="/atrium/title"><xsl:value-of select="/atrium/title"/> · </xsl:if>
          <xsl:value-of select="/atrium/brand/@name"/>
        </title>
        <link rel="icon" href="{$static}/default/icon.svg" type="image/svg+xml"/>
        <link rel="stylesheet" href="{$static}/default/atrium.css?v={/atrium/site/@version}"/>
        <xsl:call-template name="head-extra"/>
        <xsl:call-template name="brand-client-head"/>
        <script src="{$static}/default/atrium.js" defer="defer"></script>
      </head>
      <body>
        <xsl:attribute name="class">
          <xsl:choose>
            <xsl:when test="$staff">area-staff</xsl:when>
            <xsl:when test="/atrium/user">area-client</xsl:when>
            <xsl:otherwise>area-public</xsl:otherwise>
          </xsl:choose>
          <xsl:text> page-</xsl:text><xsl:value-of select="/atrium/@page"/>
        </xsl:attribute>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <div class="top-inner">
            <xsl:call-template name="brand-header"/>
            <xsl:call-template name="brand-client"/>
            <xsl:if test="/atrium/user">
              <xsl:call-template name="header-tools"/>
              <xsl:call-template name="bell"/>
              <details class="menu" id="menu">
                <summary class="menu-button">
                  <xsl:call-template name="icon"><xsl:with-param name="name">menu</xsl:with-param></xsl:call-template>
                  <span>Menu</span>
                </summary>
                <div class="menu-body">
                  <nav class="main-nav" aria-label="Main">
                    <ul>
                      <xsl:for-each select="/atrium/nav/item">
                        <li>
                          <a href="{$base}{@href}">
                            <xsl:if test="@active = '1'">
                              <xsl:attribute name="aria-current">page</xsl:attribute>
                            </xsl:if>
                            <xsl:call-template name="nav-icon"><xsl:with-param name="href" select="@href"/></xsl:call-template>
                            <span><xsl:value-of select="@label"/></span>
                            <xsl:if test="@count and @count != '0'">
                              <xsl:text> </xsl:text><span class="nav-count"><xsl:value-of select="@count"/></span>
                            </xsl:if>
                            <xsl:call-template name="nav-new"/>
                          </a>
                        </li>
                      </xsl:for-each>
                    </ul>
                  </nav>
                  <form class="top-search" method="get" action="{$base}/search" role="search" aria-label="Site">
                    <label for="top-q" class="visually-hidden">Search everything</label>
                    <input id="top-q" type="search" name="q" placeholder="Search"/>
                    <button type="submit" class="icon-button" aria-label="Search">
                      <xsl:call-template name="icon"><xsl:with-param name="name">search</xsl:with-param></xsl:call-template>
                    </button>
                  </form>
                  <div class="who">
                    <xsl:call-template name="avatar"><xsl:with-param name="name" select="/atrium/user/@name"/></xsl:call-template>
                    <span class="who-name">
                      <span class="who-person"><xsl:value-of select="/atrium/user/@name"/></span>
                      <xsl:if test="/atrium/user/@client-name">
                        <span class="who-client"><xsl:value-of select="/atrium/user/@client-name"/></span>
                      </xsl:if>
                    </span>
                    <form method="post" action="{$base}/logout" class="inline">
                      <xsl:call-template name="csrf"/>
                      <button type="submit" class="link sign-out">
                        <xsl:call-template name="icon"><xsl:with-param name="name">logout</xsl:with-param></xsl:call-template>
                        <span>Sign out</span>
                      </button>
                    </form>
                  </div>
                </div>
              </details>
            </xsl:if>
          </div>
        </header>
        <main id="main" tabindex="-1">
          <xsl:if test="/atrium/flash/message">
            <div class="toasts">
              <xsl:for-each select="/atrium/flash/message">
                <p class="toast toast-{@kind}">
                  <xsl:attribute name="role">
                    <xsl:choose>
                      <xsl:when test="@kind = 'error'">alert</xsl:when>
                      <xsl:otherwise>status</xsl:otherwise>
                    </xsl:choose>
                  </xsl:attribute>
                  <xsl:call-template name="icon">
                    <xsl:with-param name="name">
                      <xsl:choose>
                        <xsl:when test="@kind = 'error'">alert</xsl:when>
                        <xsl:when test="@kind = 'ok'">check-circle</xsl:when>
                        <xsl:otherwise>info</xsl:otherwise>
                      </xsl:choose>
                    </xsl:with-param>
                  </xsl:call-template>
                  <span class="toast-text"><xsl:value-of select="."/></span>
                </p>
              </xsl:for-each>
            </div>
          </xsl:if>
          <xsl:variable name="page">
            <xsl:apply-templates select="/atrium/content" mode="page"/>
          </xsl:variable>
          <xsl:apply-templates select="exsl:node-set($page)/node()" mode="finish"/>
        </main>
        <footer class="bottom">
          <xsl:call-template name="brand-footer"/>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!--
    The finishing pass over a page's drawn content: a copy, except that
    every cell of a table with a header row gets data-label (its column's
    heading), which the narrow layout shows when rows become cards, and
    every table.list sits in a .table-wrap.
  -->
  <xsl:template match="@*|node()" mode="finish">
    <xsl:copy><xsl:apply-templates select="@*|node()" mode="finish"/></xsl:copy>
  </xsl:template>
  <xsl:template match="table[contains(concat(' ', @class, ' '), ' list ')]" mode="finish">
    <div class="table-wrap">
      <xsl:copy><xsl:apply-templates select="@*|node()" mode="finish"/></xsl:copy>
    </div>
  </xsl:template>
  <xsl:template match="tbody/tr/td[not(@data-label)] | table/tr/td[not(@data-label)]" mode="finish">
    <xsl:variable name="i" select="count(preceding-sibling::td | preceding-sibling::th) + 1"/>
    <xsl:variable name="h" select="normalize-space(ancestor::table[1]/thead/tr[1]/th[$i])"/>
    <xsl:copy>
      <xsl:if test="$h != ''"><xsl:attribute name="data-label"><xsl:value-of select="$h"/></xsl:attribute></xsl:if>
      <xsl:apply-templates select="@*|node()" mode="finish"/>
    </xsl:copy>
  </xsl:template>

  <!-- Override points for a brand. -->
  <xsl:template name="brand-header">
    <a class="brand" href="{$base}/">
      <xsl:if test="/atrium/brand/@logo != ''">
        <img alt="" class="logo">
          <xsl:attribute name="src">
            <xsl:if test="starts-with(/atrium/brand/@logo, '/') and not(starts-with(/atrium/brand/@logo, '//'))"><xsl:value-of select="$base"/></xsl:if>
            <xsl:value-of select="/atrium/brand/@logo"/>
          </xsl:attribute>
        </img>
      </xsl:if>
      <span class="brand-name"><xsl:value-of select="/atrium/brand/@name"/></span>
    </a>
  </xsl:template>
  <xsl:template name="brand-footer">
    <p><xsl:value-of select="/atrium/brand/@name"/></p>
  </xsl:template>
  <xsl:template name="head-extra"/>
  <!-- Icons beside the menu that stay visible on phones (a bell, ...). -->
  <xsl:template name="header-tools"/>

  <!-- A page with no stylesheet of its own draws nothing in main. -->
  <xsl:template match="content" mode="page"/>

  <!-- The hidden CSRF field every form carries. -->
  <xsl:template name="csrf">
    <input type="hidden" name="csrf" value="{/atrium/csrf}"/>
  </xsl:template>

  <!--
    A labelled field.  name, label, type (text, email, password, date,
    time, datetime-local, number, url, textarea, file), value (default),
    hint, required, autocomplete, id (default f-<name>).  The typed value and its error come from content/form/field.
  -->
  <xsl:template name="field">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="value" select="''"/>
    <xsl:param name="hint" select="''"/>
    <xsl:param name="required" select="false()"/>
    <xsl:param name="autocomplete" select="''"/>
    <!-- id: the control's id when a page has two fields of one name. -->
    <xsl:param name="id" select="concat('f-', $name)"/>
    <xsl:variable name="key" select="substring-after($id, 'f-')"/>
    <xsl:variable name="f" select="/atrium/content/form/field[@name = $name][1]"/>
    <xsl:variable name="v">
      <xsl:choose>
        <xsl:when test="$f and $type != 'password'"><xsl:value-of select="$f/@value"/></xsl:when>
        <xsl:when test="$type != 'password'"><xsl:value-of select="$value"/></xsl:when>
      </xsl:choose>
    </xsl:variable>
    <div>
      <xsl:attribute name="class">field<xsl:if test="$f/@error"> has-error</xsl:if></xsl:attribute>
      <label for="{$id}"><xsl:value-of select="$label"/>
        <xsl:if test="$required"><span class="req" aria-hidden="true"> *</span></xsl:if>
      </label>
      <xsl:if test="$hint != ''">
        <p class="hint" id="h-{$key}"><xsl:value-of select="$hint"/></p>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="$type = 'textarea'">
          <textarea id="{$id}" name="{$name}" rows="6">
            <xsl:call-template name="field-attrs">
              <xsl:with-param name="f" select="$f"/>
              <xsl:with-param name="name" select="$key"/>
              <xsl:with-param name="hint" select="$hint"/>
              <xsl:with-param name="required" select="$required"/>
            </xsl:call-template>
            <xsl:value-of select="$v"/>
          </textarea>
        </xsl:when>
        <xsl:otherwise>
          <input id="{$id}" name="{$name}" type="{$type}">
            <xsl:if test="$type != 'file'">
              <xsl:attribute name="value"><xsl:value-of select="$v"/></xsl:attribute>
            </xsl:if>
            <xsl:if test="$autocomplete != ''">
              <xsl:attribute name="autocomplete"><xsl:value-of select="$autocomplete"/></xsl:attribute>
            </xsl:if>
            <xsl:call-template name="field-attrs">
              <xsl:with-param name="f" select="$f"/>
              <xsl:with-param name="name" select="$key"/>
              <xsl:with-param name="hint" select="$hint"/>
              <xsl:with-param name="required" select="$required"/>
            </xsl:call-template>
          </input>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$f/@error">
        <p class="error" id="e-{$key}"><xsl:value-of select="$f/@error"/></p>
      </xsl:if>
    </div>
  </xsl:template>

  <xsl:template name="field-attrs">
    <xsl:param name="f"/>
    <xsl:param name="name"/>
    <xsl:param name="hint"/>
    <xsl:param name="required"/>
    <xsl:if test="$required"><xsl:attribute name="required">required</xsl:attribute></xsl:if>
    <xsl:if test="$f/@error">
      <xsl:attribute name="aria-invalid">true</xsl:attribute>
    </xsl:if>
    <xsl:if test="$f/@error or $hint != ''">
      <xsl:attribute name="aria-describedby">
        <xsl:if test="$hint != ''">h-<xsl:value-of select="$name"/></xsl:if>
        <xsl:if test="$f/@error"><xsl:text> </xsl:text>e-<xsl:value-of select="$name"/></xsl:if>
      </xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!--
    A status label as a badge: the hub's statuses (on_track, blocked,
    approved, ...) and plain labels alike.  The class badge-<status> picks
    the tone (badge-tone-ok, -warn, -bad, -info, -neutral in atrium.css);
    the text always says the status, colour only repeats it.
  -->
  <xsl:template name="badge">
    <xsl:param name="status"/>
    <xsl:param name="label" select="''"/>
    <xsl:variable name="k" select="translate($status, '_ ABCDEFGHIJKLMNOPQRSTUVWXYZ', '--abcdefghijklmnopqrstuvwxyz')"/>
    <span class="badge badge-{$k}">
      <xsl:choose>
        <xsl:when test="$label != ''"><xsl:value-of select="$label"/></xsl:when>
        <xsl:when test="$status = 'on_track'">On track</xsl:when>
        <xsl:when test="$status = 'at_risk'">At risk</xsl:when>
        <xsl:when test="$status = 'needs_review'">Needs review</xsl:when>
        <xsl:when test="$status = 'waiting_on_client'">Waiting on client</xsl:when>
        <xsl:when test="$status = 'blocked'">Blocked</xsl:when>
        <xsl:when test="$status = 'approved'">Approved</xsl:when>
        <xsl:when test="$status = 'changes_requested'">Changes requested</xsl:when>
        <xsl:when test="$status = 'pending'">Pending</xsl:when>
        <xsl:when test="$status = 'active'">Active</xsl:when>
        <xsl:when test="$status = 'on_hold'">On hold</xsl:when>
        <xsl:when test="$status = 'completed'">Completed</xsl:when>
        <xsl:when test="$status = 'in_progress'">In progress</xsl:when>
        <xsl:when test="$status = 'todo'">To do</xsl:when>
        <xsl:when test="$status = 'waiting'">Waiting</xsl:when>
        <xsl:when test="$status = 'done'">Done</xsl:when>
        <xsl:when test="$status = 'draft'">Draft</xsl:when>
        <xsl:when test="$status = 'sent'">Sent</xsl:when>
        <xsl:when test="$status = 'invoiced'">Invoiced</xsl:when>
        <xsl:when test="$status = 'paid'">Paid</xsl:when>
        <xsl:when test="$status = 'unpaid'">Unpaid</xsl:when>
        <xsl:when test="$status = 'overdue'">Overdue</xsl:when>
        <xsl:when test="$status = 'cancelled'">Cancelled</xsl:when>
        <xsl:when test="$status = 'requested'">Requested</xsl:when>
        <xsl:when test="$status = 'proposed'">Proposed</xsl:when>
        <xsl:when test="$status = 'confirmed'">Confirmed</xsl:when>
        <xsl:when test="$status = 'declined'">Declined</xsl:when>
        <xsl:when test="$status = 'held'">Held</xsl:when>
        <xsl:when test="$status = 'signed'">Signed</xsl:when>
        <xsl:when test="$status = 'open'">Open</xsl:when>
        <xsl:when test="$status = 'closed'">Closed</xsl:when>
        <xsl:when test="$status = 'shared'">Shared</xsl:when>
        <xsl:when test="$status = 'internal'">Internal</xsl:when>
        <xsl:when test="$status = 'new'">New</xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="translate(substring($status, 1, 1), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')"/>
          <xsl:value-of select="translate(substring($status, 2), '_', ' ')"/>
        </xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <!--
    A person's avatar: the initials of name (first and last word) on a
    colour picked from the name, hidden from screen readers (the name is
    always written beside it).  size: '' or 'lg'.
  -->
  <xsl:template name="avatar">
    <xsl:param name="name"/>
    <xsl:param name="size" select="''"/>
    <xsl:variable name="n" select="normalize-space($name)"/>
    <xsl:variable name="last">
      <xsl:call-template name="last-word"><xsl:with-param name="s" select="$n"/></xsl:call-template>
    </xsl:variable>
    <span class="avatar avatar-{string-length($n) mod 6} avatar-{$size}" aria-hidden="true">
      <xsl:value-of select="translate(substring($n, 1, 1), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')"/>
      <xsl:if test="contains($n, ' ')">
        <xsl:value-of select="translate(substring($last, 1, 1), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')"/>
      </xsl:if>
    </span>
  </xsl:template>
  <xsl:template name="last-word">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, ' ')">
        <xsl:call-template name="last-word"><xsl:with-param name="s" select="substring-after($s, ' ')"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!--
    An empty state: an icon, what is (not) here, and what to do next:
    title, text, and an optional action (href inside the site, label).
  -->
  <xsl:template name="empty">
    <xsl:param name="icon" select="'inbox'"/>
    <xsl:param name="title"/>
    <xsl:param name="text" select="''"/>
    <xsl:param name="href" select="''"/>
    <xsl:param name="label" select="''"/>
    <div class="empty-state">
      <xsl:call-template name="icon"><xsl:with-param name="name" select="$icon"/></xsl:call-template>
      <p class="empty-title"><xsl:value-of select="$title"/></p>
      <xsl:if test="$text != ''"><p class="empty-text"><xsl:value-of select="$text"/></p></xsl:if>
      <xsl:if test="$href != ''">
        <p><a class="button" href="{$base}{$href}"><xsl:value-of select="$label"/></a></p>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- A progress bar for a percentage 0..100. -->
  <xsl:template name="progress">
    <xsl:param name="pct" select="0"/>
    <span class="progress" role="img" aria-label="{$pct}% done">
      <span class="progress-bar" data-pct="{$pct}">
        <xsl:attribute name="class">progress-bar pct-<xsl:value-of select="round($pct div 10) * 10"/></xsl:attribute>
      </span>
    </span>
    <span class="progress-text"><xsl:value-of select="$pct"/>%</span>
  </xsl:template>

  <!-- Dashboard cards that modules and plugins register. -->
  <xsl:template match="cards">
    <xsl:choose>
      <xsl:when test="card">
        <ul class="cards">
          <xsl:for-each select="card">
            <li class="card card-{@name}">
              <h2>
                <xsl:call-template name="nav-icon"><xsl:with-param name="href" select="concat(@href, ' ', @name)"/></xsl:call-template>
                <xsl:choose>
                  <xsl:when test="@href"><a href="{$base}{@href}"><xsl:value-of select="@title"/></a></xsl:when>
                  <xsl:otherwise><xsl:value-of select="@title"/></xsl:otherwise>
                </xsl:choose>
              </h2>
              <xsl:if test="count">
                <p class="count"><xsl:value-of select="count"/></p>
              </xsl:if>
              <xsl:if test="item">
                <ul class="card-items">
                  <xsl:for-each select="item">
                    <li>
                      <xsl:choose>
                        <xsl:when test="@href"><a href="{$base}{@href}"><xsl:value-of select="."/></a></xsl:when>
                        <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
                      </xsl:choose>
                      <xsl:call-template name="changed-mark"><xsl:with-param name="changed" select="@changed"/></xsl:call-template>
                      <xsl:if test="@status"><xsl:text> </xsl:text><xsl:call-template name="badge"><xsl:with-param name="status" select="@status"/></xsl:call-template></xsl:if>
                      <xsl:if test="@when"><span class="when"><xsl:value-of select="@when"/></span></xsl:if>
                    </li>
                  </xsl:for-each>
                </ul>
              </xsl:if>
              <xsl:if test="not(item) and (not(count) or count = '0') and @empty">
                <p class="empty"><xsl:value-of select="@empty"/></p>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="empty">
          <xsl:with-param name="title">Nothing here yet.</xsl:with-param>
          <xsl:with-param name="text">What your team shares with you will show here.</xsl:with-param>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
