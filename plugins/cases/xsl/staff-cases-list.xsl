<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/cases/xsl/cases-common.xsl"/>
  <!-- The team's queues with filters and bulk assignment. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="f" select="filter"/>
    <h1>Cases</h1>
    <p><a class="button primary" href="{$base}/staff/cases/new">Open a case for a client</a>
      <xsl:text> </xsl:text><a href="{$base}/staff/cases/settings">Settings</a>
      <xsl:text> </xsl:text><a href="{$base}/staff/cases/measures.csv">Measures (CSV)</a></p>
    <nav class="tabs" aria-label="Queues">
      <ul>
        <li><a href="{$base}/staff/cases?queue=open"><xsl:if test="$f/@queue = 'open'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>All open</a></li>
        <li><a href="{$base}/staff/cases?queue=mine"><xsl:if test="$f/@queue = 'mine'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>Mine (<xsl:value-of select="number(concat('0', counts/mine))"/>)</a></li>
        <li><a href="{$base}/staff/cases?queue=unassigned"><xsl:if test="$f/@queue = 'unassigned'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>Unassigned (<xsl:value-of select="number(concat('0', counts/unassigned))"/>)</a></li>
        <li><a href="{$base}/staff/cases?queue=breaching"><xsl:if test="$f/@queue = 'breaching'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>Breaching (<xsl:value-of select="number(concat('0', counts/breaching))"/>)</a></li>
        <li><a href="{$base}/staff/cases?queue=waiting"><xsl:if test="$f/@queue = 'waiting'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>Waiting on client (<xsl:value-of select="number(concat('0', counts/waiting))"/>)</a></li>
        <li><a href="{$base}/staff/cases?queue=closed"><xsl:if test="$f/@queue = 'closed'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>Resolved and closed</a></li>
      </ul>
    </nav>
    <form method="get" action="{$base}/staff/cases" class="filter" role="search" aria-label="Cases">
      <input type="hidden" name="queue" value="{$f/@queue}"/>
      <div class="ctl">
        <label for="f-client">Client</label>
        <select id="f-client" name="client">
          <option value="0">All clients</option>
          <xsl:for-each select="clients/client">
            <option value="{id}"><xsl:if test="id = $f/@client"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option>
          </xsl:for-each>
        </select>
      </div>
      <div class="ctl">
        <label for="f-priority">Priority</label>
        <select id="f-priority" name="priority">
          <option value="">Any</option>
          <option value="urgent"><xsl:if test="$f/@priority = 'urgent'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Urgent</option>
          <option value="high"><xsl:if test="$f/@priority = 'high'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>High</option>
          <option value="normal"><xsl:if test="$f/@priority = 'normal'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Normal</option>
          <option value="low"><xsl:if test="$f/@priority = 'low'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>Low</option>
        </select>
      </div>
      <div class="ctl">
        <label for="f-type">Type</label>
        <select id="f-type" name="type">
          <option value="0">Any</option>
          <xsl:for-each select="types/type">
            <option value="{id}"><xsl:if test="id = $f/@type"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option>
          </xsl:for-each>
        </select>
      </div>
      <button type="submit">Filter</button>
    </form>
    <xsl:choose>
      <xsl:when test="cases/case">
        <form method="post" action="{$base}/staff/cases/assign">
          <xsl:call-template name="csrf"/>
          <xsl:call-template name="cs-rows"><xsl:with-param name="list" select="cases"/><xsl:with-param name="prefix">/staff/cases/</xsl:with-param><xsl:with-param name="pick" select="true()"/></xsl:call-template>
          <div class="filter">
            <div class="ctl">
              <label for="f-owner">Assign the ticked cases to</label>
              <select id="f-owner" name="owner">
                <xsl:for-each select="staff/person"><option value="{id}"><xsl:value-of select="name"/></option></xsl:for-each>
              </select>
            </div>
            <button type="submit">Assign</button>
          </div>
        </form>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="empty"><xsl:with-param name="title">No case in this queue.</xsl:with-param><xsl:with-param name="text">Try another queue or filter.</xsl:with-param></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
