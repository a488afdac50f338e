<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:import href="../../default/pages/hub-sections.xsl"/>
  <!-- The whole activity log, with addresses; admins can check the chain. -->
  <xsl:template match="content" mode="page">
    <h1>Activity log</h1>
    <form method="get" action="{$base}/staff/activity" class="filter" role="search" aria-label="Activity">
      <div class="ctl">
        <label for="f-client">Client</label>
        <select id="f-client" name="client">
        <option value="">All</option>
        <xsl:for-each select="clients/client">
          <option value="{id}"><xsl:if test="id = /atrium/content/activity/@client"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option>
        </xsl:for-each>
      </select>
      </div>
      <div class="ctl ctl-check">
        <label class="check"><input type="checkbox" name="views" value="1"><xsl:if test="activity/@views = '1'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if></input> Include views</label>
      </div>
      <button type="submit">Show</button>
    </form>
    <xsl:if test="/atrium/user/@role = 'admin'">
      <form method="post" action="{$base}/staff/activity/verify" class="inline">
        <xsl:call-template name="csrf"/>
        <button type="submit">Check the log's hash chain</button>
      </form>
    </xsl:if>
    <xsl:for-each select="activity"><xsl:call-template name="hs-activity-list"/></xsl:for-each>
    <xsl:if test="more">
      <p><a href="{$base}/staff/activity?client={activity/@client}&amp;views={activity/@views}&amp;before={more/@before}">Older</a></p>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
