<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!--
    The caller's notifications, newest first: content/notifications
    (unread) with item (id kind label subject text created_at read).
    Opening one marks it read and goes to what it is about.
  -->
  <xsl:template match="content" mode="page">
    <section>
      <h1>Notifications</h1>
      <xsl:if test="notifications/@unread &gt; 0">
        <form method="post" action="{$base}/notifications/read" class="inline">
          <xsl:call-template name="csrf"/>
          <button type="submit">Mark all read</button>
        </form>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="notifications/item">
          <ul class="notifications">
            <xsl:for-each select="notifications/item">
              <li>
                <xsl:attribute name="class">notification<xsl:if test="@read = '0'"> unread</xsl:if></xsl:attribute>
                <a href="{$base}/notifications/{@id}"><xsl:value-of select="@subject"/></a>
                <xsl:if test="@read = '0'"> <span class="badge badge-pending">New</span></xsl:if>
                <xsl:if test="@text != ''"><p><xsl:value-of select="@text"/></p></xsl:if>
                <p class="when">
                  <xsl:if test="@label"><xsl:value-of select="@label"/> · </xsl:if>
                  <xsl:value-of select="@created_at"/>
                </p>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><p class="empty">Nothing yet. What the team sends you shows here.</p></xsl:otherwise>
      </xsl:choose>
      <p><a href="{$base}/account#notifications">Choose which mails you get</a></p>
    </section>
  </xsl:template>
</xsl:stylesheet>
