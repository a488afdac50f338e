<?xml version="1.0" encoding="UTF-8"?>
<!--
  The reports area's shared parts (imported by reports*.xsl): the tabs
  and the period filter, a report <panel> (figures, charts, tables with
  their CSV link) and the charts as inline SVG.  The core has worked out
  each chart's geometry from its table (core/hub/reports.c); the table
  stays under the chart as its text alternative.  docs/reports.md.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:svg="http://www.w3.org/2000/svg" exclude-result-prefixes="svg">

  <xsl:variable name="rp" select="/atrium/content/reports"/>
  <!-- The period and client as a query string, for links. -->
  <xsl:variable name="rpq">period=<xsl:value-of select="$rp/@period"/><xsl:if test="$rp/@period = 'custom'">&amp;from=<xsl:value-of select="$rp/@from"/>&amp;to=<xsl:value-of select="$rp/@to"/></xsl:if><xsl:if test="$rp/@client != '0'">&amp;client=<xsl:value-of select="$rp/@client"/></xsl:if></xsl:variable>

  <!-- The title, the tabs of the area and the period filter. -->
  <xsl:template name="reports-head">
    <xsl:param name="title"/>
    <xsl:param name="path"/>
    <h1><xsl:value-of select="$title"/></h1>
    <nav class="tabs" aria-label="Reports">
      <ul>
        <li><a href="{$base}/staff/reports?{$rpq}"><xsl:if test="$rp/@page = 'overview'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>Overview</a></li>
        <li><a href="{$base}/staff/reports/workload?{$rpq}"><xsl:if test="$rp/@page = 'workload'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>Workload</a></li>
        <li><a href="{$base}/staff/reports/health?{$rpq}"><xsl:if test="$rp/@page = 'health'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>Client health</a></li>
      </ul>
    </nav>
    <form method="get" action="{$base}{$path}" class="filter" role="search" aria-label="Period and client">
      <div class="ctl">
        <label for="rp-period">Period</label>
        <select id="rp-period" name="period">
          <option value="month"><xsl:if test="$rp/@period = 'month'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>This month</option>
          <option value="last-month"><xsl:if test="$rp/@period = 'last-month'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Last month</option>
          <option value="quarter"><xsl:if test="$rp/@period = 'quarter'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>This quarter</option>
          <option value="custom"><xsl:if test="$rp/@period = 'custom' or $rp/@error"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Custom</option>
        </select>
      </div>
      <div class="ctl">
        <label for="rp-from">From (custom)</label>
        <input id="rp-from" type="date" name="from">
          <xsl:attribute name="value"><xsl:choose><xsl:when test="$rp/@error"><xsl:value-of select="$rp/@custom-from"/></xsl:when><xsl:otherwise><xsl:value-of select="$rp/@from"/></xsl:otherwise></xsl:choose></xsl:attribute>
        </input>
      </div>
      <div class="ctl">
        <label for="rp-to">To (custom)</label>
        <input id="rp-to" type="date" name="to">
          <xsl:attribute name="value"><xsl:choose><xsl:when test="$rp/@error"><xsl:value-of select="$rp/@custom-to"/></xsl:when><xsl:otherwise><xsl:value-of select="$rp/@to"/></xsl:otherwise></xsl:choose></xsl:attribute>
        </input>
      </div>
      <div class="ctl">
        <label for="rp-client">Client</label>
        <select id="rp-client" name="client">
          <option value="">All clients</option>
          <xsl:for-each select="/atrium/content/clients/client">
            <option value="{id}"><xsl:if test="id = $rp/@client"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option>
          </xsl:for-each>
        </select>
      </div>
      <button type="submit">Show</button>
    </form>
    <xsl:if test="$rp/@error">
      <p class="error" role="alert"><xsl:value-of select="$rp/@error"/> Showing this month.</p>
    </xsl:if>
    <p class="muted">From <xsl:value-of select="$rp/@from"/> to <xsl:value-of select="$rp/@to"/><xsl:if test="$rp/@client-name">, <xsl:value-of select="$rp/@client-name"/> only</xsl:if>.</p>
  </xsl:template>

  <!-- One panel: its figures, charts and tables. -->
  <xsl:template match="panel" mode="report">
    <section class="report-panel" aria-labelledby="rp-{@name}">
      <h2 id="rp-{@name}"><xsl:value-of select="@title"/></h2>
      <xsl:if test="figure">
        <ul class="cards">
          <xsl:for-each select="figure">
            <li class="card">
              <h3><xsl:value-of select="@label"/></h3>
              <p class="count"><xsl:choose><xsl:when test="@value != ''"><xsl:value-of select="@value"/></xsl:when><xsl:otherwise>–</xsl:otherwise></xsl:choose></p>
              <xsl:if test="@note"><p class="muted"><xsl:value-of select="@note"/></p></xsl:if>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>
      <xsl:apply-templates select="chart[not(@bad)]" mode="report"/>
      <xsl:apply-templates select="table" mode="report"/>
    </section>
  </xsl:template>

  <!--
    A table, scrolling inside its frame on a narrow screen.  A cell finds
    its column in $cols (the table's <col>s, read once), not by walking
    the table's children again for every cell.
  -->
  <xsl:template match="table" mode="report">
    <xsl:variable name="id" select="concat('rt-', ../@name, '-', @name)"/>
    <xsl:variable name="cols" select="col"/>
    <div class="table-wrap" role="region" aria-labelledby="{$id}" tabindex="0" data-rp-wrap="1">
      <table class="list">
        <caption id="{$id}"><xsl:value-of select="@caption"/></caption>
        <thead>
          <tr>
            <xsl:for-each select="col">
              <th scope="col">
                <xsl:if test="@type = 'number' or @type = 'percent' or @type = 'hours' or @type = 'money'"><xsl:attribute name="class">num</xsl:attribute></xsl:if>
                <xsl:value-of select="@label"/>
              </th>
            </xsl:for-each>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="row">
            <tr>
              <xsl:for-each select="c">
                <xsl:variable name="i" select="position()"/>
                <xsl:variable name="col" select="$cols[$i]"/>
                <xsl:variable name="t" select="string($col/@type)"/>
                <td data-label="{$col/@label}">
                  <xsl:if test="$t = 'number' or $t = 'percent' or $t = 'hours' or $t = 'money'"><xsl:attribute name="class">num</xsl:attribute></xsl:if>
                  <xsl:choose>
                    <xsl:when test="$t = 'series' and @points">
                      <svg viewBox="-2 -2 64 24" width="64" height="24" role="img" aria-label="{$col/@label}: {.}" xmlns="http://www.w3.org/2000/svg">
                        <polyline points="{@points}" fill="none" stroke="#2f5bea" stroke-width="2"/>
                      </svg>
                    </xsl:when>
                    <xsl:when test="$t = 'percent' and . != ''"><xsl:value-of select="."/>%</xsl:when>
                    <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
                  </xsl:choose>
                </td>
              </xsl:for-each>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
    <p class="csv"><a href="{$base}/staff/reports/{../@name}.csv?table={@name}&amp;{$rpq}">Download “<xsl:value-of select="@caption"/>” as CSV</a></p>
  </xsl:template>

  <!--
    The layout's finishing pass wraps every table.list in a .table-wrap
    and labels its cells; a report table has its own wrap, which can take
    the keyboard focus when it scrolls, and labels every cell itself, so
    it is copied whole, without a template per node.
  -->
  <xsl:template match="div[@data-rp-wrap]/table" mode="finish">
    <xsl:copy-of select="."/>
  </xsl:template>

  <!-- Series colours, by the series' index. -->
  <xsl:template name="rp-color">
    <xsl:param name="i" select="0"/>
    <xsl:choose>
      <xsl:when test="$i mod 4 = 0">#2f5bea</xsl:when>
      <xsl:when test="$i mod 4 = 1">#b3261e</xsl:when>
      <xsl:when test="$i mod 4 = 2">#1c7c3a</xsl:when>
      <xsl:otherwise>#8a5a00</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A chart: bars, stacked bars or lines in a @w x @h box. -->
  <xsl:template match="chart" mode="report">
    <xsl:variable name="id" select="concat('rc-', ../@name, '-', position())"/>
    <xsl:variable name="w" select="@w"/>
    <xsl:variable name="h" select="@h"/>
    <xsl:variable name="n" select="@rows"/>
    <figure class="chart chart-report">
      <figcaption id="{$id}"><xsl:value-of select="@title"/> (chart; the table below has the figures)</figcaption>
      <svg viewBox="-4 -4 {$w + 8} {$h + 8}" width="{$w}" height="{$h}" role="img" aria-labelledby="{$id}" xmlns="http://www.w3.org/2000/svg">
        <line x1="0" y1="{$h}" x2="{$w}" y2="{$h}" stroke="#5a6470" stroke-width="1"/>
        <xsl:choose>
          <xsl:when test="@type = 'line' or @type = 'spark'">
            <xsl:for-each select="series">
              <polyline points="{@points}" fill="none" stroke-width="2">
                <xsl:attribute name="stroke"><xsl:call-template name="rp-color"><xsl:with-param name="i" select="@i"/></xsl:call-template></xsl:attribute>
                <title><xsl:value-of select="@label"/></title>
              </polyline>
            </xsl:for-each>
          </xsl:when>
          <xsl:otherwise>
            <xsl:variable name="bw" select="$w div $n"/>
            <xsl:for-each select="point">
              <xsl:variable name="x" select="(position() - 1) * $bw"/>
              <xsl:variable name="label" select="@label"/>
              <xsl:for-each select="seg">
                <xsl:variable name="s" select="@s"/>
                <xsl:variable name="k"><xsl:choose><xsl:when test="../../@type = 'stacked'">1</xsl:when><xsl:otherwise><xsl:value-of select="count(../../series)"/></xsl:otherwise></xsl:choose></xsl:variable>
                <xsl:variable name="j"><xsl:choose><xsl:when test="../../@type = 'stacked'">0</xsl:when><xsl:otherwise><xsl:value-of select="@s"/></xsl:otherwise></xsl:choose></xsl:variable>
                <rect x="{$x + $bw * 0.15 + $j * $bw * 0.7 div $k}" y="{@y}" width="{$bw * 0.7 div $k}" height="{@h}">
                  <xsl:attribute name="fill"><xsl:call-template name="rp-color"><xsl:with-param name="i" select="@s"/></xsl:call-template></xsl:attribute>
                  <title><xsl:value-of select="$label"/>, <xsl:value-of select="../../series[@i = $s]/@label"/>: <xsl:value-of select="@v"/></title>
                </rect>
              </xsl:for-each>
            </xsl:for-each>
          </xsl:otherwise>
        </xsl:choose>
      </svg>
      <xsl:if test="count(series) &gt; 1">
        <ul class="chart-legend">
          <xsl:for-each select="series">
            <li>
              <svg viewBox="0 0 10 10" width="10" height="10" aria-hidden="true" xmlns="http://www.w3.org/2000/svg">
                <rect x="0" y="0" width="10" height="10">
                  <xsl:attribute name="fill"><xsl:call-template name="rp-color"><xsl:with-param name="i" select="@i"/></xsl:call-template></xsl:attribute>
                </rect>
              </svg>
              <xsl:text> </xsl:text><xsl:value-of select="@label"/>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>
    </figure>
  </xsl:template>
</xsl:stylesheet>
