<?xml version="1.0" encoding="UTF-8"?>
<!--
  The default skin's shell.  It owns match="/" and calls the named
  templates a brand overrides: brand-header, brand-footer, head-extra.
  A page stylesheet imports this file and draws its content with
  <xsl:template match="content" mode="page">.
  Shared helpers for pages: field (a labelled input with its value and
  error from the page model's <form>), badge (a status label), csrf
  (the hidden token every form sends), cards, progress.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- Parts with their own templates: co-brand, previews, charts, changes. -->
  <xsl:import href="parts/brand.xsl"/>
  <xsl:import href="parts/preview.xsl"/>
  <xsl:import href="parts/charts.xsl"/>
  <xsl:import href="parts/changes.xsl"/>
  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <xsl:variable name="static" select="/atrium/site/@static"/>
  <xsl:variable name="skin" select="/atrium/site/@skin"/>
  <xsl:variable name="role" select="/atrium/user/@role"/>
  <xsl:variable name="staff" select="$role = 'staff' or $role = 'admin'"/>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>
          <xsl:if test="/atrium/title"><xsl:value-of select="/atrium/title"/> · </xsl:if>
          <xsl:value-of select="/atrium/brand/@name"/>
        </title>
        <link rel="stylesheet" href="{$static}/default/atrium.css"/>
        <xsl:call-template name="head-extra"/>
        <xsl:call-template name="brand-client-head"/>
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
        <header class="top" role="banner">
          <xsl:call-template name="brand-header"/>
          <xsl:call-template name="brand-client"/>
          <xsl:if test="/atrium/user">
            <nav class="main-nav" aria-label="Main">
              <ul>
                <xsl:for-each select="/atrium/nav/item">
                  <li>
                    <a href="{@href}">
                      <xsl:if test="@active = '1'">
                        <xsl:attribute name="aria-current">page</xsl:attribute>
                      </xsl:if>
                      <xsl:value-of select="@label"/>
                      <xsl:call-template name="nav-new"/>
                    </a>
                  </li>
                </xsl:for-each>
              </ul>
            </nav>
            <form class="top-search" method="get" action="/search" role="search">
              <label for="top-q" class="visually-hidden">Search</label>
              <input id="top-q" type="search" name="q" placeholder="Search"/>
            </form>
            <div class="who">
              <span class="who-name">
                <xsl:value-of select="/atrium/user/@name"/>
                <xsl:if test="/atrium/user/@client-name">
                  <xsl:text> · </xsl:text><xsl:value-of select="/atrium/user/@client-name"/>
                </xsl:if>
              </span>
              <form method="post" action="/logout" class="inline">
                <xsl:call-template name="csrf"/>
                <button type="submit" class="link">Sign out</button>
              </form>
            </div>
          </xsl:if>
        </header>
        <main id="main" tabindex="-1">
          <xsl:for-each select="/atrium/flash/message">
            <p class="flash flash-{@kind}" role="status"><xsl:value-of select="."/></p>
          </xsl:for-each>
          <xsl:apply-templates select="/atrium/content" mode="page"/>
        </main>
        <footer class="bottom" role="contentinfo">
          <xsl:call-template name="brand-footer"/>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- Override points for a brand. -->
  <xsl:template name="brand-header">
    <a class="brand" href="/">
      <xsl:if test="/atrium/brand/@logo != ''">
        <img src="{/atrium/brand/@logo}" alt="" class="logo"/>
      </xsl:if>
      <span class="brand-name"><xsl:value-of select="/atrium/brand/@name"/></span>
    </a>
  </xsl:template>
  <xsl:template name="brand-footer">
    <p><xsl:value-of select="/atrium/brand/@name"/></p>
  </xsl:template>
  <xsl:template name="head-extra"/>

  <!-- A page with no stylesheet of its own draws nothing in main. -->
  <xsl:template match="content" mode="page"/>

  <!-- The hidden CSRF field every form carries. -->
  <xsl:template name="csrf">
    <input type="hidden" name="csrf" value="{/atrium/csrf}"/>
  </xsl:template>

  <!--
    A labelled field.  name, label, type (text, email, password, date,
    time, datetime-local, number, textarea, file), value (default), hint,
    required.  The typed value and its error come from content/form/field.
  -->
  <xsl:template name="field">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="value" select="''"/>
    <xsl:param name="hint" select="''"/>
    <xsl:param name="required" select="false()"/>
    <xsl:param name="autocomplete" select="''"/>
    <xsl:variable name="f" select="/atrium/content/form/field[@name = $name][1]"/>
    <xsl:variable name="v">
      <xsl:choose>
        <xsl:when test="$f and $type != 'password'"><xsl:value-of select="$f/@value"/></xsl:when>
        <xsl:when test="$type != 'password'"><xsl:value-of select="$value"/></xsl:when>
      </xsl:choose>
    </xsl:variable>
    <div>
      <xsl:attribute name="class">field<xsl:if test="$f/@error"> has-error</xsl:if></xsl:attribute>
      <label for="f-{$name}"><xsl:value-of select="$label"/>
        <xsl:if test="$required"><span class="req" aria-hidden="true"> *</span></xsl:if>
      </label>
      <xsl:if test="$hint != ''">
        <p class="hint" id="h-{$name}"><xsl:value-of select="$hint"/></p>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="$type = 'textarea'">
          <textarea id="f-{$name}" name="{$name}" rows="6">
            <xsl:call-template name="field-attrs">
              <xsl:with-param name="f" select="$f"/>
              <xsl:with-param name="name" select="$name"/>
              <xsl:with-param name="hint" select="$hint"/>
              <xsl:with-param name="required" select="$required"/>
            </xsl:call-template>
            <xsl:value-of select="$v"/>
          </textarea>
        </xsl:when>
        <xsl:otherwise>
          <input id="f-{$name}" name="{$name}" type="{$type}">
            <xsl:if test="$type != 'file'">
              <xsl:attribute name="value"><xsl:value-of select="$v"/></xsl:attribute>
            </xsl:if>
            <xsl:if test="$autocomplete != ''">
              <xsl:attribute name="autocomplete"><xsl:value-of select="$autocomplete"/></xsl:attribute>
            </xsl:if>
            <xsl:call-template name="field-attrs">
              <xsl:with-param name="f" select="$f"/>
              <xsl:with-param name="name" select="$name"/>
              <xsl:with-param name="hint" select="$hint"/>
              <xsl:with-param name="required" select="$required"/>
            </xsl:call-template>
          </input>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$f/@error">
        <p class="error" id="e-{$name}"><xsl:value-of select="$f/@error"/></p>
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

  <!-- A status label as a badge: on_track, blocked, approved, ... -->
  <xsl:template name="badge">
    <xsl:param name="status"/>
    <span class="badge badge-{translate($status, '_ ', '--')}">
      <xsl:choose>
        <xsl:when test="$status = 'on_track'">On track</xsl:when>
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
        <xsl:when test="$status = 'done'">Done</xsl:when>
        <xsl:when test="$status = 'invoiced'">Invoiced</xsl:when>
        <xsl:when test="$status = 'paid'">Paid</xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="translate(substring($status, 1, 1), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')"/>
          <xsl:value-of select="translate(substring($status, 2), '_', ' ')"/>
        </xsl:otherwise>
      </xsl:choose>
    </span>
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
                <xsl:choose>
                  <xsl:when test="@href"><a href="{@href}"><xsl:value-of select="@title"/></a></xsl:when>
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
                        <xsl:when test="@href"><a href="{@href}"><xsl:value-of select="."/></a></xsl:when>
                        <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
                      </xsl:choose>
                      <xsl:call-template name="changed-mark"><xsl:with-param name="changed" select="@changed"/></xsl:call-template>
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
      <xsl:otherwise><p class="empty">Nothing here yet.</p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
